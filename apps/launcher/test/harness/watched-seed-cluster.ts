import { join } from 'node:path';
import { groupOwner, groupState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { greetingLine } from '@wolfpack/testing/chat-client';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { OwnershipWatcher } from './ownership-watcher.ts';

/*
 * The seed cluster of `npm start` as the failover tests (seed-scenario, fencing) use it:
 * started once for a describe block, with an OwnershipWatcher sampling all along who holds
 * SOCKET_GROUP, so the block can end by asserting there never were two owners.
 */

export const seedGroup = 'SOCKET_GROUP';

export interface WatchedSeedCluster {
  cluster: EmbeddedCluster;
  watcher: OwnershipWatcher;
}

/** Builds the bundles (once per run), starts the seed cluster and the watcher on SOCKET_GROUP. */
export async function startWatchedSeedCluster(): Promise<WatchedSeedCluster> {
  await buildOnce();
  const cluster = await startEmbeddedCluster();
  const watcher = new OwnershipWatcher(join(cluster.dataDir, 'cluster.db'), seedGroup, cluster.dataDir);
  await watcher.start();
  return { cluster, watcher };
}

/** Stops the watcher, then the cluster; either may be missing (the start failed). */
export async function stopWatchedSeedCluster(seed: Partial<WatchedSeedCluster>): Promise<void> {
  await seed.watcher?.stop();
  await seed.cluster?.stop();
}

/** Waits until SOCKET_GROUP is Online on `node`. */
export function seedGroupOnlineOn(cluster: EmbeddedCluster, node: string): Promise<true> {
  return cluster.waitFor(
    `${seedGroup} Online on ${node}`,
    (state) => groupOwner(state, seedGroup) === node && groupState(state, seedGroup) === 'Online',
  );
}

/** The line a new chat client is greeted with (that client is closed again). */
export function chatGreeting(cluster: EmbeddedCluster): Promise<string> {
  return greetingLine(cluster.chatAddress, cluster.chatPort);
}
