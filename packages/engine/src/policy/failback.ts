import type { GroupPolicy, Placement } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { groupState } from '../model/derived.ts';
import { canHost } from './placement.ts';

/*
 * AutoFailback: move a group back to a more preferred owner once that node is Up again,
 * only inside the failback window and only when the group is stable (Online).
 */

/**
 * Placements a failback may undo: those made without a choice (first placement, or
 * its node went Down). An administrator's move and a failover after a resource failure
 * stay put — MSCS fails back when a preferred node returns, and failing back to the
 * node a resource just failed on, or undoing a move at once, would surprise everyone.
 */
const failbackFrom: ReadonlySet<Placement['reason']> = new Set(['initial', 'node-down', 'failback']);

/**
 * Whether `now` is inside the group's failback window, in local hours: no window means
 * always; startHour == endHour means the whole day; a window may wrap past midnight
 * (22 → 6 covers 22:00–05:59).
 */
export function inFailbackWindow(policy: GroupPolicy, now: number): boolean {
  const window = policy.failbackWindow;
  if (!window || window.startHour === window.endHour) return true;
  const hour = new Date(now).getHours();
  if (window.startHour < window.endHour) return hour >= window.startHour && hour < window.endHour;
  return hour >= window.startHour || hour < window.endHour;
}

/**
 * The node a group should fail back to now, if any: with AutoFailback Allow, inside the
 * window, the group Online after an automatic placement, the first preferred owner
 * ranked above the current owner that may host it (Up, a possible owner of all).
 */
export function failbackTarget(state: ClusterState, group: string, now: number): string | undefined {
  const config = state.groups.get(group);
  const placement = state.placements.get(group);
  if (!config || !placement) return undefined;
  const policy = config.policy;
  if (policy.autoFailback !== 'Allow' || !inFailbackWindow(policy, now)) return undefined;
  if (!failbackFrom.has(placement.reason)) return undefined;
  if (groupState(state, group) !== 'Online') return undefined;
  const currentRank = policy.preferredOwners.indexOf(placement.node);
  const better = currentRank === -1 ? policy.preferredOwners : policy.preferredOwners.slice(0, currentRank);
  return better.find((node) => canHost(state, group, node).ok);
}
