import { keys } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import type { SeedProbes } from './cluster-handle.ts';

/*
 * The steps both node-kill benchmarks take around a kill (the launcher's two nodes,
 * node-kill-bench.ts; three wolfpackd on etcd, etcd-node-kill-bench.ts): choose the victim,
 * find its agent's pid and lease, and see when its status key goes.
 */

/** Cluster formation (3 × TTL after a manager candidate starts) plus a margin. */
export const formationMs = 4000;

/** Waits `ms` (nothing if it is not positive). */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Moves the group so that odd runs kill the node running the failover manager and even runs
 * another one; returns the owner and the manager after that (unchanged if no manager is known).
 */
export async function placeForRun(
  cluster: SeedProbes,
  group: string,
  nodes: readonly string[],
  run: number,
  owner: string,
): Promise<{ owner: string; manager: string | undefined }> {
  const manager = await cluster.managerNode();
  if (!manager) return { owner, manager };
  const wanted = run % 2 === 1 ? manager : nodes.find((node) => node !== manager)!;
  if (owner === wanted) return { owner, manager };
  await cluster.command({ type: 'move-group', name: group, node: wanted });
  const moved = await cluster.waitStable();
  return { owner: moved, manager: await cluster.managerNode() };
}

/** The pid and lease of the node's agent, from its status record. */
export async function agentOf(
  store: ClusterStore,
  node: string,
  what: string,
): Promise<{ pid: number; lease: number }> {
  const status = await store.get(keys.nodeStatus(node));
  if (!status) throw new Error(`${what}: ${node} has no status record`);
  return { pid: (JSON.parse(status.value) as { pid: number }).pid, lease: status.lease };
}

/**
 * Watches the node's status key from `fromRevision`: `goneAt()` is Date.now() when a client
 * saw it deleted (its lease expired), NaN until then.
 */
export async function watchStatusGone(
  store: ClusterStore,
  node: string,
  fromRevision: number,
): Promise<{ goneAt(): number; cancel(): Promise<void> }> {
  let goneAt = Number.NaN;
  const watch = await store.watch(
    keys.nodeStatus(node),
    { fromRevision },
    {
      onBatch: (batch) => {
        if (Number.isNaN(goneAt) && batch.events.some((event) => event.type === 'delete')) goneAt = Date.now();
      },
    },
  );
  return { goneAt: () => goneAt, cancel: () => watch.cancel() };
}
