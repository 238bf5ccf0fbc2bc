import type { ClusterState, LiveFeed } from '@wolfpack/client';
import type { ClusterEventRecord, GroupView, ResourceView } from '@wolfpack/contracts';
import { CliError, exitCodes } from './exit-codes.ts';
import type { Output } from './output/output.ts';

/*
 * `--wait`: follow the live stream (opened before the command was sent) until the
 * target state, showing the step under way ("Chat Server OfflinePending on OSDB_SERV")
 * and the time taken. The target is judged on the state, not on events, and only from
 * the command's own revision on, so a state that held before the command never counts.
 *
 * The wait ends early, with exit 2 like a refusal in the command's own reply, when an
 * event at or after the command's revision says the target can no longer be reached:
 *   1. the failover manager refused the move (a `result: 'refused'` event of the group
 *      that is not a REST command's: a refused command never gets here, its reply was
 *      the error);
 *   2. a resource that matters was left Failed by its restart policy: a Failed transition
 *      of kind `state` (a restart still to come is kind `restart`) of a resource whose
 *      restartAction is not RestartAndFailover (with it, the manager decides next: 3);
 *   3. the manager left the group Failed where it is (a `failover` event with no target
 *      node: FailoverThreshold reached, or no other node can host it).
 * A Failed that the restart policy will restart, or a group failing over elsewhere, is
 * still on its way: only --timeout ends that wait.
 */

export interface Target {
  /** What is waited for: "SOCKET_GROUP Online on OSDB_BACK". */
  goal: string;
  reached(cluster: ClusterState): boolean;
  /** What is happening now: "Chat Server OfflinePending on OSDB_SERV". */
  step(cluster: ClusterState): string;
  /** Why `event` means the goal can no longer be reached (the event's own words), or undefined. */
  deadEnd(event: ClusterEventRecord, cluster: ClusterState): string | undefined;
}

/** Rule 1: the manager refused a move of `group`. */
const moveRefused = (event: ClusterEventRecord, group: string) =>
  event.result === 'refused' &&
  event.kind !== 'command' &&
  event.object.kind === 'group' &&
  event.object.name === group;

/** Rule 2: one of `resources` went Failed, and its restart policy will not restart it nor fail its group over. */
const leftFailed = (event: ClusterEventRecord, cluster: ClusterState, resources: ReadonlySet<string>) =>
  event.kind === 'state' &&
  event.to === 'Failed' &&
  event.object.kind === 'resource' &&
  resources.has(event.object.name) &&
  cluster.resources.get(event.object.name)?.commonProperties.restartAction !== 'RestartAndFailover';

/** Rule 3: the manager leaves `group` Failed on its node. */
const staysFailed = (event: ClusterEventRecord, group: string) =>
  event.kind === 'failover' && event.object.kind === 'group' && event.object.name === group && event.to === undefined;

const namesIn = (cluster: ClusterState, group: string) =>
  new Set(cluster.resourcesOf(group).map((resource) => resource.name));

/** A resource and everything it depends on, directly or not: what must come online for it to. */
function withProviders(cluster: ClusterState, name: string): Set<string> {
  const found = new Set<string>();
  const visit = (resource: string) => {
    if (found.has(resource)) return;
    found.add(resource);
    for (const provider of cluster.resources.get(resource)?.dependencies ?? []) visit(provider);
  };
  visit(name);
  return found;
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
    group.ownerNode === node &&
    resources.every(
      (resource) =>
        resource.state === resource.persistentState && (resource.state !== 'Online' || resource.ownerNode === node),
    );
  return {
    goal: `${name} on ${node}`,
    reached: (cluster) => {
      const group = cluster.groups.get(name);
      return group !== undefined && settled(group, cluster.resourcesOf(name));
    },
    step: (cluster) => groupStep(cluster, name),
    deadEnd: (event, cluster) =>
      moveRefused(event, name) || leftFailed(event, cluster, namesIn(cluster, name)) || staysFailed(event, name)
        ? event.message
        : undefined,
  };
}

export function groupInState(name: string, state: 'Online' | 'Offline'): Target {
  return {
    goal: `${name} ${state}`,
    reached: (cluster) => cluster.groups.get(name)?.state === state,
    step: (cluster) => groupStep(cluster, name),
    deadEnd: (event, cluster) =>
      leftFailed(event, cluster, namesIn(cluster, name)) || staysFailed(event, name) ? event.message : undefined,
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
    deadEnd: (event, cluster) => {
      const group = cluster.resources.get(name)?.group;
      // Online needs its providers too, and its group not left Failed; Offline needs only itself to stop.
      const matters = state === 'Online' ? withProviders(cluster, name) : new Set([name]);
      const hopeless =
        leftFailed(event, cluster, matters) || (state === 'Online' && group !== undefined && staysFailed(event, group));
      return hopeless ? event.message : undefined;
    },
  };
}

const formatSeconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The log's events from now on. Started before the command is sent: the manager's
 * answer (a refusal, a failure) can reach us on the stream before the command's reply.
 */
export function recordEvents(feed: LiveFeed): { events: readonly ClusterEventRecord[]; stop(): void } {
  const events: ClusterEventRecord[] = [];
  const stop = feed.subscribe((update) => {
    if (update.type === 'changes') events.push(...update.events);
  });
  return { events, stop };
}

/**
 * Resolves once `target` is reached at or after `revision`. A CliError with exit 3 after
 * `timeoutMs`; with exit 2 as soon as one of `events` (at or after `revision`) is a dead
 * end of the target. Progress goes to stderr: one line redrawn in place on a terminal, a
 * line per new step otherwise. The result line goes to stdout (not with --json).
 */
export async function follow(
  feed: LiveFeed,
  target: Target,
  options: { revision: number; timeoutMs: number; output: Output; events: readonly ClusterEventRecord[] },
): Promise<void> {
  const { output, events } = options;
  const started = performance.now();
  const inPlace = output.stderr.isTTY === true;
  let shown = '';
  const show = () => {
    const step = target.step(feed.state);
    const elapsed = formatSeconds(performance.now() - started);
    if (inPlace) output.stderr.write(`\r\u001b[K  ${step}  ${elapsed}`);
    else if (step !== shown) output.stderr.write(`  ${step}  ${elapsed}\n`);
    shown = step;
  };
  const reached = (cluster: ClusterState) => cluster.revision >= options.revision && target.reached(cluster);
  let giveUp: (error: CliError) => void = () => undefined;
  const gaveUp = new Promise<never>((_resolve, reject) => (giveUp = reject));
  let judged = 0;
  const judge = () => {
    // Reached wins over a dead end in the same batch.
    if (reached(feed.state)) return;
    for (; judged < events.length; judged++) {
      const event = events[judged]!;
      const why = event.revision >= options.revision ? target.deadEnd(event, feed.state) : undefined;
      if (why) return giveUp(new CliError(exitCodes.refused, `gave up waiting for ${target.goal}: ${why}`));
    }
  };
  show();
  judge();
  const unsubscribe = feed.subscribe(() => {
    show();
    judge();
  });
  const ticker = inPlace ? setInterval(show, 100) : undefined;
  try {
    await Promise.race([feed.until(reached, options.timeoutMs), gaveUp]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'timeout') throw error;
    throw new CliError(
      exitCodes.timedOut,
      `timed out after ${options.timeoutMs / 1000} s waiting for ${target.goal}; now: ${target.step(feed.state)}`,
    );
  } finally {
    unsubscribe();
    clearInterval(ticker);
    if (inPlace) output.stderr.write('\r\u001b[K');
  }
  if (!output.json) output.line(`${target.goal} after ${formatSeconds(performance.now() - started)}`);
}
