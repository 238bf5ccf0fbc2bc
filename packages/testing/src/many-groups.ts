import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { keys, type GroupConfig, type NodeStatus, type ResourceConfig, type ResourceStatus } from '@wolfpack/contracts';
import { createCatalog, executeCommand, loadClusterState } from '@wolfpack/engine';
import type { ClusterStore, TxnOp } from '@wolfpack/store';

/*
 * A large cluster written straight into a store (no node agents): nodes OSDB_SERV and
 * OSDB_BACK Up, then `groups` groups of `perGroup` IP Address resources each, all Online
 * on OSDB_SERV. One group and one resource are made by commands (so they are what the
 * engine writes) and copied; the rest go in batched transactions. The server's live bench
 * (apps/server/test/live/live-latency.bench.test.ts) seeds its clusters with this too.
 */

/** The name of the i-th seeded group: GROUP_0000, GROUP_0001, … */
export const seededGroupName = (index: number) => `GROUP_${String(index).padStart(4, '0')}`;

/** Writes the cluster; resolves once every record is committed. */
export async function seedManyGroups(store: ClusterStore, groups: number, perGroup: number): Promise<void> {
  const catalog = createCatalog(builtInTypeEntries());
  const run = (command: Record<string, unknown>) => executeCommand(store, catalog, 'e2e', command);
  await store.put(
    keys.cluster,
    JSON.stringify({
      name: 'INS_CLUS',
      description: 'measured with many groups',
      nodeLeaseTtlMs: 1000,
      dnsAddress: '127.0.0.1',
      dnsPort: 5354,
      createdAt: Date.now(),
    }),
  );
  for (const node of ['OSDB_SERV', 'OSDB_BACK']) {
    await run({ type: 'create-node', name: node });
    const status: NodeStatus = {
      name: node,
      phase: 'Up',
      pid: process.pid,
      hostname: 'localhost',
      startedAt: Date.now(),
      leaseTtlMs: 1000,
    };
    await store.put(keys.nodeStatus(node), JSON.stringify(status));
  }
  await run({ type: 'create-group', name: 'TEMPLATE', policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] } });
  await run({
    type: 'create-resource',
    name: 'TEMPLATE IP',
    group: 'TEMPLATE',
    resourceType: 'IP Address',
    private: { Address: '127.0.0.1' },
  });
  const state = await loadClusterState(store);
  const groupTemplate = state.groups.get('TEMPLATE')!;
  const resourceTemplate = state.resources.get('TEMPLATE IP')!;
  await run({ type: 'delete-resource', name: 'TEMPLATE IP' });
  await run({ type: 'delete-group', name: 'TEMPLATE' });

  let ops: TxnOp[] = [];
  const flush = async () => {
    if (ops.length > 0) await store.txn({ compare: [], success: ops });
    ops = [];
  };
  const put = async (key: string, value: unknown) => {
    ops.push({ op: 'put', key, value: JSON.stringify(value) });
    if (ops.length >= 500) await flush();
  };
  const now = Date.now();
  for (let i = 0; i < groups; i++) {
    const group = seededGroupName(i);
    await put(keys.group(group), {
      ...groupTemplate,
      name: group,
      description: `Seeded group ${i}`,
    } satisfies GroupConfig);
    await put(keys.placement(group), { group, node: 'OSDB_SERV', epoch: 1, reason: 'initial', at: now });
    for (let j = 0; j < perGroup; j++) {
      const name = `${group} R${j}`;
      const config: ResourceConfig = {
        ...resourceTemplate,
        name,
        group,
        dependencies: j > 0 ? [`${group} R0`] : [],
        private: { Address: `127.${Math.floor(i / 250)}.${i % 250}.${j + 1}` },
      };
      await put(keys.resource(name), config);
      const status: ResourceStatus = {
        name,
        group,
        node: 'OSDB_SERV',
        epoch: 1,
        state: 'Online',
        since: now,
        failures: [],
      };
      await put(keys.resourceStatus(name), status);
    }
  }
  await flush();
}
