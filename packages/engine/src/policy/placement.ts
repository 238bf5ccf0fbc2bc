import type { ResourceConfig } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { byName } from '../model/dependencies.ts';
import { groupResources, nodeNames, nodeState } from '../model/derived.ts';

/*
 * Where a group may run and where it should. A group may run only on a node that is Up
 * (a Paused node keeps what it runs but takes nothing new; a Joining node has not
 * finished its first reconcile pass) and is a possible owner of all its resources.
 */

export type HostCheck = { ok: true } | { ok: false; reason: string };

export interface RankOptions {
  /** Nodes not to consider (e.g. the current owner when moving away from it). */
  exclude?: string[];
}

/** Whether a node may take a group now; when not, the reason names the rule that refuses. */
export function canHost(state: ClusterState, group: string, node: string): HostCheck {
  return check(state, group, node, groupResources(state, group));
}

/** canHost with the group's resources read once by the caller (ranking checks every node). */
function check(state: ClusterState, group: string, node: string, resources: ResourceConfig[]): HostCheck {
  if (!state.groups.has(group)) return { ok: false, reason: `group ${group} does not exist` };
  if (!state.nodes.has(node)) return { ok: false, reason: `unknown node ${node}` };
  const current = nodeState(state, node);
  if (current !== 'Up') return { ok: false, reason: `node ${node} is ${current}` };
  for (const resource of resources) {
    if (resource.possibleOwners && !resource.possibleOwners.includes(node)) {
      return { ok: false, reason: `node ${node} is not a possible owner of resource ${resource.name}` };
    }
  }
  return { ok: true };
}

/**
 * The nodes that may take a group, best first: its preferred owners in their order, then
 * the others by fewest groups placed on them (not counting this group), then by name.
 */
export function rankOwners(state: ClusterState, group: string, options: RankOptions = {}): string[] {
  const excluded = new Set(options.exclude ?? []);
  const resources = groupResources(state, group);
  const eligible = nodeNames(state).filter((node) => !excluded.has(node) && check(state, group, node, resources).ok);
  const preferred = state.groups.get(group)?.policy.preferredOwners ?? [];
  const first = preferred.filter((node) => eligible.includes(node));
  const load = new Map<string, number>();
  for (const placement of state.placements.values()) {
    if (placement.group !== group) load.set(placement.node, (load.get(placement.node) ?? 0) + 1);
  }
  const rest = eligible
    .filter((node) => !first.includes(node))
    .sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || byName(a, b));
  return [...first, ...rest];
}

/** The best node for a group (first of rankOwners), or undefined when none may take it. */
export function selectOwner(state: ClusterState, group: string, options: RankOptions = {}): string | undefined {
  return rankOwners(state, group, options)[0];
}

/** Why no node other than the excluded ones can take a group: each node's refusal, for messages. */
export function refusalReasons(state: ClusterState, group: string, exclude: string[] = []): string {
  const resources = groupResources(state, group);
  const reasons = nodeNames(state)
    .filter((node) => !exclude.includes(node))
    .map((node) => check(state, group, node, resources))
    .flatMap((check) => (check.ok ? [] : [check.reason]));
  return reasons.length > 0 ? reasons.join('; ') : 'no other node is configured';
}
