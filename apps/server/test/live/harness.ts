import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { keys, type NodeStatus, type Placement, type ResourceState, type ResourceStatus } from '@wolfpack/contracts';
import {
  clusterSnapshot,
  createCatalog,
  executeCommand,
  loadClusterState,
  type CommandResult,
  type ResourceTypeCatalog,
} from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import Fastify, { type FastifyInstance } from 'fastify';
import { livePlugin } from '../../src/live/index.ts';
import { buildAll } from '@wolfpack/testing/build';

/*
 * A real store on a temp file and a real Fastify server on a random loopback port with
 * only the live plugin. The test token stands in for the REST API's authentication.
 * No agents run: tests write the status and placement records agents and the manager would.
 */

export const viewerToken = 'test-viewer';

/** Accepts `Authorization: Bearer test-viewer`, nothing else. */
export async function testAuthenticate(headers: IncomingHttpHeaders) {
  return headers.authorization === `Bearer ${viewerToken}` ? { username: 'viewer', role: 'viewer' } : undefined;
}

let built: Promise<void> | undefined;

/** Bundle everything once per test run (the embedded cluster runs wolfpackd and the types from dist/). */
export function buildOnce(): Promise<void> {
  built ??= buildAll({ quiet: true });
  return built;
}

/** The resource types' engine modules (commands validate properties with them): built unless already there. */
export async function ensureTypeModules(): Promise<void> {
  if (builtInTypeEntries().some((entry) => !existsSync(entry.enginePath))) await buildOnce();
}

export interface LiveServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Fastify with only livePlugin, listening on 127.0.0.1 at a random port. */
export async function startLiveServer(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  batchWindowMs?: number,
): Promise<LiveServer> {
  const app = Fastify();
  await app.register(livePlugin, {
    store,
    catalog,
    authenticate: testAuthenticate,
    ...(batchWindowMs !== undefined ? { batchWindowMs } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

export interface TestStore {
  store: ClusterStore;
  catalog: ResourceTypeCatalog;
  /** Run an administrative command as admin. */
  run(command: Record<string, unknown>): Promise<CommandResult>;
  /** clusterSnapshot of the store as it is now. */
  snapshot(): Promise<ReturnType<typeof clusterSnapshot>>;
  close(): Promise<void>;
}

/** A fresh embedded store holding cluster INS_CLUS, and the built-in types' catalog. */
export async function openTestStore(): Promise<TestStore> {
  await ensureTypeModules();
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-live-'));
  const store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  const catalog = createCatalog(builtInTypeEntries());
  await store.put(
    keys.cluster,
    JSON.stringify({
      name: 'INS_CLUS',
      description: '',
      nodeLeaseTtlMs: 1000,
      dnsAddress: '127.0.0.1',
      dnsPort: 5354,
      createdAt: 0,
    }),
  );
  return {
    store,
    catalog,
    run: (command) => executeCommand(store, catalog, 'admin', command),
    snapshot: async () => clusterSnapshot(await loadClusterState(store), catalog),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a running node agent writes: its heartbeat status. */
export function nodeUp(store: ClusterStore, name: string): Promise<number> {
  const status: NodeStatus = { name, phase: 'Up', pid: 4242, hostname: 'localhost', startedAt: 1, leaseTtlMs: 1000 };
  return store.put(keys.nodeStatus(name), JSON.stringify(status));
}

/** What the failover manager writes: a group's placement. */
export function place(store: ClusterStore, group: string, node: string, epoch = 1): Promise<number> {
  const placement: Placement = { group, node, epoch, reason: 'initial', at: 1 };
  return store.put(keys.placement(group), JSON.stringify(placement));
}

/** What an agent writes for a resource it runs. */
export function report(
  store: ClusterStore,
  resource: string,
  group: string,
  node: string,
  state: ResourceState,
  since = 2,
): Promise<number> {
  const status: ResourceStatus = { name: resource, group, node, epoch: 1, state, since, failures: [] };
  return store.put(keys.resourceStatus(resource), JSON.stringify(status));
}

/**
 * Nodes OSDB_SERV and OSDB_BACK (Up); `groups` groups GROUP_<i> placed on OSDB_SERV, each
 * with `perGroup` IP Address resources "R<i>-<j>" (the last depending on the first).
 */
export async function seedGroups(test: TestStore, groups: number, perGroup: number): Promise<void> {
  await test.run({ type: 'create-node', name: 'OSDB_SERV' });
  await test.run({ type: 'create-node', name: 'OSDB_BACK' });
  await nodeUp(test.store, 'OSDB_SERV');
  await nodeUp(test.store, 'OSDB_BACK');
  for (let i = 0; i < groups; i++) {
    const group = `GROUP_${i}`;
    await test.run({ type: 'create-group', name: group, policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] } });
    for (let j = 0; j < perGroup; j++) {
      await test.run({
        type: 'create-resource',
        name: `R${i}-${j}`,
        group,
        resourceType: 'IP Address',
        private: { Address: `127.0.${i % 250}.${j + 1}` },
        ...(j > 0 && j === perGroup - 1 ? { dependencies: [`R${i}-0`] } : {}),
      });
    }
    await place(test.store, group, 'OSDB_SERV');
  }
}
