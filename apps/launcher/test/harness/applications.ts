import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupOwner, groupResources, groupState, nodeState } from '@wolfpack/engine';
import type { EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { ancestorsOf, applicationPids, waitForNoProcesses } from '@wolfpack/testing/processes';

/** What these helpers need of a running cluster (either harness gives it). */
export type RunningCluster = Pick<EmbeddedCluster, 'dataDir' | 'waitFor' | 'nodePid'>;

/*
 * A Generic Application as an administrator would set one up: a shell line that notes
 * "<node> <pid>" in a marker file each time it starts, then sleeps (exec, so the pid
 * the cluster supervises is the one that noted itself).
 */

/** The private properties of a sleeper that logs its starts to `markerFile`. */
export function sleeperProperties(markerFile: string): Record<string, unknown> {
  return {
    CommandLine: `sh -c 'echo "$WOLFPACK_NODE $$" >> "$MARKER"; exec sleep 1000'`,
    Environment: { MARKER: markerFile },
  };
}

/**
 * A folder inside the cluster's data dir (removed with it) where the programs a test runs
 * may write: a node running as root runs them as uids of their own resources' (no passwd
 * entries), which may pass through the data dir but write nothing else in it.
 */
export function testFolderFor(cluster: Pick<EmbeddedCluster, 'dataDir'>): string {
  const folder = join(cluster.dataDir, 'test-notes');
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, 0o1777);
  return folder;
}

/** Where a test keeps a resource's marker file: in testFolderFor. */
export function markerFileFor(cluster: Pick<EmbeddedCluster, 'dataDir'>, resource: string): string {
  return join(testFolderFor(cluster), `${resource.replace(/\W+/g, '-')}.starts`);
}

/** The starts noted in a marker file, oldest first: `{ node, pid }`. */
export function startsIn(markerFile: string): { node: string; pid: number }[] {
  if (!existsSync(markerFile)) return [];
  return readFileSync(markerFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [node = '', pid = '0'] = line.split(' ');
      return { node, pid: Number(pid) };
    });
}

/** Waits until both seed nodes are Up (the cluster has formed). */
export async function waitForNodesUp(cluster: RunningCluster, nodes = ['OSDB_SERV', 'OSDB_BACK']): Promise<void> {
  await cluster.waitFor(`nodes ${nodes.join(', ')} Up`, (state) =>
    nodes.every((node) => nodeState(state, node) === 'Up'),
  );
}

/**
 * Waits until the group is Online on `node` — every resource's status written by that
 * node — with exactly one process of `resource` running (other than `not`, a pid that
 * must have been replaced), all in one sample; returns its pid.
 *
 * One sample, because during a move groupState already says Online for the new owner
 * while the old owner still holds the resources, and the new process exists a moment
 * before its resource is Online.
 */
export async function runningOn(
  cluster: RunningCluster,
  group: string,
  resource: string,
  node: string,
  not?: number,
  timeoutMs = 20_000,
): Promise<number> {
  return cluster.waitFor(
    `${group} Online on ${node} with one process of ${resource}${not ? ` other than ${not}` : ''}`,
    (state) => {
      if (groupOwner(state, group) !== node || groupState(state, group) !== 'Online') return undefined;
      if (groupResources(state, group).some((member) => state.resourceStatuses.get(member.name)?.node !== node))
        return undefined;
      const pids = applicationPids(cluster.dataDir, resource);
      return pids.length === 1 && pids[0] !== not ? pids[0] : undefined;
    },
    timeoutMs,
  );
}

/** The wolfpackd (by node name) whose descendant the process is, from the /proc parent chain. */
export async function nodeRunning(
  cluster: RunningCluster,
  pid: number,
  nodes = ['OSDB_SERV', 'OSDB_BACK'],
): Promise<string[]> {
  const ancestors = ancestorsOf(pid);
  const owners: string[] = [];
  for (const node of nodes) if (ancestors.includes(await cluster.nodePid(node))) owners.push(node);
  return owners;
}

/** Waits until no process of the cluster is left; returns what is left on timeout, for the message. */
export async function leftoverProcesses(dataDir: string, timeoutMs = 5_000): Promise<string[]> {
  return (await waitForNoProcesses(dataDir, timeoutMs)).map((info) => `${info.pid} ${info.command}`);
}
