import type { ClusterState, LiveFeed } from '@wolfpack/client';
import type { GroupView, ResourceView } from '@wolfpack/contracts';
import { CliError, exitCodes } from './exit-codes.ts';
import type { Output } from './output/output.ts';

/*
 * `--wait`: follow the live stream (opened before the command was sent) until the
 * target state, showing the step under way ("Chat Server OfflinePending on OSDB_SERV")
 * and the time taken. The target is judged on the state, not on events, and only from
 * the command's own revision on, so a state that held before the command never counts.
 */

export interface Target {
  /** What is waited for: "SOCKET_GROUP Online on OSDB_BACK". */
  goal: string;
  reached(cluster: ClusterState): boolean;
  /** What is happening now: "Chat Server OfflinePending on OSDB_SERV". */
  step(cluster: ClusterState): string;
}

const pending = (resource: ResourceView) => resource.state === 'OnlinePending' || resource.state === 'OfflinePending';
const where = (owner: string | null) => (owner ? ` on ${owner}` : '');
const describe = (resource: ResourceView) => `${resource.name} ${resource.state}${where(resource.ownerNode)}`;

/** The step a group is at: its resources on the way, else the failed ones, else the group itself. */
function groupStep(cluster: ClusterState, name: string): string {
  const group = cluster.groups.get(name);
  if (!group) return `${name} does not exist`;
  const resources = cluster.resourcesOf(name);
  const moving = resources.filter(pending);
  if (moving.length > 0) return moving.map(describe).join(', ');
  const failed = resources.filter((resource) => resource.state === 'Failed');
  if (failed.length > 0) return failed.map(describe).join(', ');
  return `${group.name} ${group.state}${where(group.ownerNode)}`;
}

/** A move: the group is owned by `node` and each resource is as its administrator asked, there. */
export function groupSettledOn(name: string, node: string): Target {
  const settled = (group: GroupView, resources: ResourceView[]) =>
    group.ownerNode === node && resources.every((resource) => resource.state === resource.persistentState && (resource.state !== 'Online' || resource.ownerNode === node));
  return {
    goal: `${name} on ${node}`,
    reached: (cluster) => {
      const group = cluster.groups.get(name);
      return group !== undefined && settled(group, cluster.resourcesOf(name));
    },
    step: (cluster) => groupStep(cluster, name),
  };
}

export function groupInState(name: string, state: 'Online' | 'Offline'): Target {
  return {
    goal: `${name} ${state}`,
    reached: (cluster) => cluster.groups.get(name)?.state === state,
    step: (cluster) => groupStep(cluster, name),
  };
}

export function resourceInState(name: string, state: 'Online' | 'Offline'): Target {
  return {
    goal: `${name} ${state}`,
    reached: (cluster) => cluster.resources.get(name)?.state === state,
    step: (cluster) => {
      const resource = cluster.resources.get(name);
      if (!resource) return `${name} does not exist`;
      // Bringing one resource online brings its providers first: show whichever is on the way.
      const moving = cluster.resourcesOf(resource.group).filter(pending);
      return moving.length > 0 ? moving.map(describe).join(', ') : describe(resource);
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Resolves once `target` is reached at or after `revision`; a CliError with exit 3 after
 * `timeoutMs`. Progress goes to stderr: one line redrawn in place on a terminal, a line
 * per new step otherwise. The result line goes to stdout (not with --json).
 */
export async function follow(feed: LiveFeed, target: Target, options: { revision: number; timeoutMs: number; output: Output }): Promise<void> {
  const { output } = options;
  const started = performance.now();
  const inPlace = output.stderr.isTTY === true;
  let shown = '';
  const show = () => {
    const step = target.step(feed.state);
    const elapsed = seconds(performance.now() - started);
    if (inPlace) output.stderr.write(`\r\u001b[K  ${step}  ${elapsed}`);
    else if (step !== shown) output.stderr.write(`  ${step}  ${elapsed}\n`);
    shown = step;
  };
  show();
  const unsubscribe = feed.subscribe(show);
  const ticker = inPlace ? setInterval(show, 100) : undefined;
  try {
    await feed.until((cluster) => cluster.revision >= options.revision && target.reached(cluster), options.timeoutMs);
  } catch (error) {
    if ((error as { code?: string }).code !== 'timeout') throw error;
    throw new CliError(exitCodes.timedOut, `timed out after ${options.timeoutMs / 1000} s waiting for ${target.goal}; now: ${target.step(feed.state)}`);
  } finally {
    unsubscribe();
    clearInterval(ticker);
    if (inPlace) output.stderr.write('\r\u001b[K');
  }
  if (!output.json) output.line(`${target.goal} after ${seconds(performance.now() - started)}`);
}
