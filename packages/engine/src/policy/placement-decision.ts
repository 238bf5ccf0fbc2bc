import type { ClusterEvent, Placement, ResourceStatus } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { byName } from '../model/dependencies.ts';
import { nodeState, possibleOwnersOfGroup } from '../model/derived.ts';
import { failbackTarget } from './failback.ts';
import { mayFailOver } from './failover.ts';
import { canHost, refusalReasons, selectOwner } from './placement.ts';
import { withinPeriod } from './restart.ts';

/*
 * The failover manager's decision, level-based: from the whole state (and the clock) to
 * the writes that close the gap. Running it again on the state those writes produce asks
 * for nothing more, so a missed watch event costs a pass, never correctness.
 *
 * Per group, the first rule that applies wins (one placement per group per pass):
 *   1. no placement → initial placement;
 *   2. its node is Down → move elsewhere (not counted against FailoverThreshold);
 *   3. a move request → move, or refuse it with the reason;
 *   4. a resource asked for failover at the current epoch → fail over within
 *      FailoverThreshold, else leave the group Failed where it is (GroupHistory.failedOn);
 *   5. AutoFailback → move back to a more preferred owner.
 */

export type ManagerAction =
  | {
      type: 'place';
      group: string;
      node: string;
      epoch: number;
      reason: Placement['reason'];
      previousNode: string | null;
    }
  | { type: 'clear-move-request'; group: string; refusedReason?: string }
  | { type: 'record-failovers'; group: string; failovers: number[]; failedOn?: string }
  | { type: 'event'; event: ClusterEvent };

export interface DecideOptions {
  /**
   * When the cluster forms (its nodes starting together), wait this long from the first
   * node's start for every configured node to join before placing groups or moving them
   * off nodes not yet up — like corosync's wait_for_all — so groups start on their
   * preferred owners. A cluster with a node up for longer than this is formed: a manager
   * elected there (after a crash) acts at once.
   */
  formationMs?: number;
}

/** When formation stops waiting, or undefined when the cluster is not forming. */
export function formationEndsAt(state: ClusterState, options: DecideOptions): number | undefined {
  if (options.formationMs === undefined) return undefined;
  const starts = [...state.nodeStatuses.values()].map((status) => status.startedAt);
  if (starts.length === 0) return undefined;
  const waiting = [...state.nodes.keys()].some(
    (node) => nodeState(state, node) !== 'Up' && !state.nodes.get(node)?.paused,
  );
  return waiting ? Math.min(...starts) + options.formationMs : undefined;
}

/** True while placement waits for nodes still starting. */
export function isForming(state: ClusterState, now: number, options: DecideOptions): boolean {
  const end = formationEndsAt(state, options);
  return end !== undefined && now < end;
}

/** Decide every group's placement at `now`; actions come grouped by group, groups by name. */
export function decide(state: ClusterState, now: number, options: DecideOptions = {}): ManagerAction[] {
  // Later groups see earlier placements of this pass, so a burst of new groups spreads out.
  const working: ClusterState = { ...state, placements: new Map(state.placements) };
  const actions: ManagerAction[] = [];
  const requests = failoverRequestsByGroup(state);
  const forming = isForming(state, now, options);
  for (const group of [...state.groups.keys()].sort(byName))
    actions.push(...decideGroup(working, group, now, requests.get(group) ?? [], forming));
  for (const group of [...state.moveRequests.keys()].sort(byName)) {
    if (!state.groups.has(group))
      actions.push({ type: 'clear-move-request', group, refusedReason: `group ${group} does not exist` });
  }
  return actions;
}

function decideGroup(
  state: ClusterState,
  group: string,
  now: number,
  requests: ResourceStatus[],
  forming: boolean,
): ManagerAction[] {
  const placement = state.placements.get(group);
  if (forming && (!placement || nodeState(state, placement.node) !== 'Up')) return [];
  if (!placement) {
    const node = selectOwner(state, group);
    return node ? place(state, group, node, 'initial', now, `${group} placed on ${node}`) : [];
  }
  if (nodeState(state, placement.node) === 'Down') {
    const node = selectOwner(state, group, { exclude: [placement.node] });
    if (node)
      return place(
        state,
        group,
        node,
        'node-down',
        now,
        `${group} failed over from ${placement.node} to ${node}: node ${placement.node} is Down`,
      );
  }
  // A resource added or changed may rule out the node the group sits on.
  if (!possibleOwnersOfGroup(state, group).includes(placement.node)) {
    const node = selectOwner(state, group, { exclude: [placement.node] });
    if (node)
      return place(
        state,
        group,
        node,
        'possible-owners',
        now,
        `${group} moved from ${placement.node} to ${node}: ${placement.node} is not a possible owner of all its resources`,
      );
  }
  if (state.moveRequests.has(group)) return decideMove(state, group, placement, now);
  const failover = decideFailover(state, group, placement, now, requests);
  if (failover) return failover;
  const target = failbackTarget(state, group, now);
  if (target)
    return place(
      state,
      group,
      target,
      'failback',
      now,
      `${group} failed back from ${placement.node} to ${target}, a preferred owner`,
    );
  return [];
}

function decideMove(state: ClusterState, group: string, placement: Placement, now: number): ManagerAction[] {
  const request = state.moveRequests.get(group)!;
  const from = placement.node;
  // The refusal's event is the writer's to log, from refusedReason (one event per refusal).
  const refuse = (reason: string): ManagerAction[] => [{ type: 'clear-move-request', group, refusedReason: reason }];
  let target = request.node;
  if (target === from) return [{ type: 'clear-move-request', group }];
  if (target !== undefined) {
    const check = canHost(state, group, target);
    if (!check.ok) return refuse(check.reason);
  } else {
    target = selectOwner(state, group, { exclude: [from] });
    if (!target) return refuse(`no other node can host group ${group}: ${refusalReasons(state, group, [from])}`);
  }
  const message = `${group} moved from ${from} to ${target} at the request of ${request.requestedBy}`;
  return [
    ...place(state, group, target, 'move', now, message, { actor: request.requestedBy }),
    { type: 'clear-move-request', group },
  ];
}

/** Statuses asking for a failover, by their resource's group, sorted by resource name (one pass over all statuses). */
function failoverRequestsByGroup(state: ClusterState): Map<string, ResourceStatus[]> {
  const byGroup = new Map<string, ResourceStatus[]>();
  for (const status of state.resourceStatuses.values()) {
    const group = state.resources.get(status.name)?.group;
    if (status.failoverRequested !== true || group === undefined) continue;
    byGroup.set(group, [...(byGroup.get(group) ?? []), status]);
  }
  for (const list of byGroup.values()) list.sort((a, b) => byName(a.name, b.name));
  return byGroup;
}

function decideFailover(
  state: ClusterState,
  group: string,
  placement: Placement,
  now: number,
  candidates: ResourceStatus[],
): ManagerAction[] | undefined {
  // Only requests made at the current placement count: older ones were answered already.
  const requests = candidates.filter((status) => status.epoch === placement.epoch && status.node === placement.node);
  if (requests.length === 0) return undefined;
  const from = placement.node;
  const history = state.groupHistories.get(group);
  // Already left Failed on this node: failedOn is cleared by any new placement (or by an
  // administrator's bring-online), so this is the same failure, decided once.
  if (history?.failedOn === from) return [];
  const names = requests.map((status) => status.name);
  const cause =
    names.length === 1
      ? `resource ${names[0]} exceeded its restart threshold`
      : `resources ${names.join(', ')} exceeded their restart thresholds`;
  const policy = state.groups.get(group)!.policy;
  const decision = mayFailOver(policy, history?.failovers ?? [], now);
  const stay = (failovers: number[], why: string): ManagerAction[] => [
    { type: 'record-failovers', group, failovers, failedOn: from },
    event(now, 'failover', group, `${group} stays Failed on ${from}: ${cause}, ${why}`, {
      from,
      node: from,
      reason: 'failover',
    }),
  ];
  if (!decision.allowed) {
    const period = formatDuration(policy.failoverPeriodMs);
    return stay(
      decision.failovers,
      `and it may fail over at most ${policy.failoverThreshold} times within ${period} (FailoverThreshold)`,
    );
  }
  const target = selectOwner(state, group, { exclude: [from] });
  if (!target) {
    const recent = withinPeriod(history?.failovers ?? [], policy.failoverPeriodMs, now);
    return stay(recent, `and no other node can host it: ${refusalReasons(state, group, [from])}`);
  }
  return place(
    state,
    group,
    target,
    'failover',
    now,
    `${group} failed over from ${from} to ${target}: ${cause}`,
    {},
    decision.failovers,
  );
}

/**
 * A new placement and its event, applied to the working state. A new placement also
 * clears GroupHistory.failedOn (the group left that node), and records failovers when
 * given.
 */
function place(
  state: ClusterState,
  group: string,
  node: string,
  reason: Placement['reason'],
  now: number,
  message: string,
  extra: Partial<ClusterEvent> = {},
  failovers?: number[],
): ManagerAction[] {
  const previous = state.placements.get(group);
  // Above the revision it is written at, so a deleted and recreated group never reuses an epoch.
  const epoch = Math.max(state.revision + 1, (previous?.epoch ?? 0) + 1);
  state.placements.set(group, { group, node, epoch, reason, at: now });
  const previousNode = previous?.node ?? null;
  const actions: ManagerAction[] = [
    { type: 'place', group, node, epoch, reason, previousNode },
    event(now, reason === 'failover' || reason === 'node-down' ? 'failover' : 'placement', group, message, {
      ...(previousNode !== null ? { from: previousNode } : {}),
      to: node,
      node,
      reason,
      ...extra,
    }),
  ];
  const history = state.groupHistories.get(group);
  if (failovers) actions.push({ type: 'record-failovers', group, failovers });
  else if (history?.failedOn !== undefined)
    actions.push({ type: 'record-failovers', group, failovers: history.failovers });
  return actions;
}

function event(
  time: number,
  kind: ClusterEvent['kind'],
  group: string,
  message: string,
  extra: Partial<ClusterEvent>,
): ManagerAction {
  return { type: 'event', event: { time, kind, object: { kind: 'group', name: group }, message, ...extra } };
}

/** 21600000 → "6 h", 90000 → "90 s": periods in the words an administrator set them in. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
