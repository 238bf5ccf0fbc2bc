import type { GroupState, NodeState, ResourceConfig, ResourceState } from '@wolfpack/contracts';
import type { ClusterState } from './cluster-state.ts';
import { byName } from './dependencies.ts';

/*
 * States derived from ClusterState: config (desired), placement (the manager's decision)
 * and status (observed). Views, policy, manager and agents all read states through these,
 * so everyone agrees on what "Up" or "Online" means at a revision.
 */

/** States in which a resource is still held by the node that reports it. */
const holding: ReadonlySet<ResourceState> = new Set(['OnlinePending', 'Online', 'OfflinePending']);

/**
 * A node's state: Down when it has no status (its lease-bound heartbeat key is gone, or
 * the node is not configured); Joining until its first reconcile pass; Paused when an
 * administrator paused it; else Up.
 */
export function nodeState(state: ClusterState, node: string): NodeState {
  const config = state.nodes.get(node);
  const status = state.nodeStatuses.get(node);
  if (!config || !status) return 'Down';
  if (status.phase === 'Joining') return 'Joining';
  if (config.paused) return 'Paused';
  return 'Up';
}

/**
 * A resource's state. The status counts when it was written by the node the group is
 * placed on. A status from another node counts only while that node still holds the
 * resource (a previous owner still releasing it); otherwise the resource is Offline
 * (a Failed status left on a previous owner does not follow the group).
 */
export function resourceState(state: ClusterState, resource: string): ResourceState {
  const status = state.resourceStatuses.get(resource);
  if (!status) return 'Offline';
  const config = state.resources.get(resource);
  const placement = state.placements.get(config?.group ?? status.group);
  if (placement && status.node === placement.node) return status.state;
  return holding.has(status.state) ? status.state : 'Offline';
}

/**
 * The node that owns a resource: the node still holding it (its status is
 * OnlinePending/Online/OfflinePending, wherever it is), else the group's placement node;
 * with no placement, the node whose status says Failed; else null.
 */
export function resourceOwner(state: ClusterState, resource: string): string | null {
  const status = state.resourceStatuses.get(resource);
  if (status && holding.has(status.state)) return status.node;
  const config = state.resources.get(resource);
  const placement = state.placements.get(config?.group ?? status?.group ?? '');
  if (placement) return placement.node;
  if (status && status.state === 'Failed') return status.node;
  return null;
}

/** The resources of a group, sorted by name. */
export function groupResources(state: ClusterState, group: string): ResourceConfig[] {
  return resourcesByGroup(state).get(group) ?? [];
}

interface GroupIndex {
  revision: number;
  resources: Map<string, ResourceConfig>;
  size: number;
  byGroup: Map<string, ResourceConfig[]>;
}
const groupIndexes = new WeakMap<ClusterState, GroupIndex>();

/**
 * Resources grouped by group, computed once per state revision: views and policy ask
 * for a group's resources once per group, and at a thousand groups a scan each time adds up.
 */
function resourcesByGroup(state: ClusterState): Map<string, ResourceConfig[]> {
  const cached = groupIndexes.get(state);
  if (
    cached &&
    cached.revision === state.revision &&
    cached.resources === state.resources &&
    cached.size === state.resources.size
  )
    return cached.byGroup;
  const byGroup = new Map<string, ResourceConfig[]>();
  for (const resource of state.resources.values()) {
    const members = byGroup.get(resource.group);
    if (members) members.push(resource);
    else byGroup.set(resource.group, [resource]);
  }
  for (const members of byGroup.values()) members.sort((a, b) => byName(a.name, b.name));
  groupIndexes.set(state, {
    revision: state.revision,
    resources: state.resources,
    size: state.resources.size,
    byGroup,
  });
  return byGroup;
}

/**
 * A group's state from its resources' states (MSCS rules), in this precedence:
 * no resources → Offline; any Failed → Failed; any OnlinePending/OfflinePending →
 * Pending; all Online → Online; all Offline → Offline; else (Online and Offline mixed)
 * PartialOnline.
 */
export function groupState(state: ClusterState, group: string): GroupState {
  // A previous owner still letting go of the group makes it Pending, whatever the new owner shows.
  if (releasingNode(state, group) !== undefined) return 'Pending';
  const states = groupResources(state, group).map((resource) => resourceState(state, resource.name));
  if (states.length === 0) return 'Offline';
  if (states.includes('Failed')) return 'Failed';
  if (states.some((s) => s === 'OnlinePending' || s === 'OfflinePending')) return 'Pending';
  if (states.every((s) => s === 'Online')) return 'Online';
  if (states.every((s) => s === 'Offline')) return 'Offline';
  return 'PartialOnline';
}

/** The node that owns a group: a previous owner still letting go of it, else its placement, else null. */
export function groupOwner(state: ClusterState, group: string): string | null {
  return releasingNode(state, group) ?? state.placements.get(group)?.node ?? null;
}

/**
 * During a move or failover, the node that still holds some of the group's resources
 * although the group is placed elsewhere: it owns the group until it has let go.
 */
export function releasingNode(state: ClusterState, group: string): string | undefined {
  const placed = state.placements.get(group)?.node;
  for (const resource of groupResources(state, group)) {
    const status = state.resourceStatuses.get(resource.name);
    if (status && status.node !== placed && holding.has(status.state)) return status.node;
  }
  return undefined;
}

/** Configured node names, sorted. */
export function nodeNames(state: ClusterState): string[] {
  return [...state.nodes.keys()].sort(byName);
}

/**
 * Nodes that are possible owners of every resource of the group (a resource without
 * possibleOwners may run anywhere), in node-name order. Only configured nodes count.
 */
export function possibleOwnersOfGroup(state: ClusterState, group: string): string[] {
  const resources = groupResources(state, group);
  return nodeNames(state).filter((node) =>
    resources.every((resource) => !resource.possibleOwners || resource.possibleOwners.includes(node)),
  );
}

/** The groups placed on a node, sorted by name. */
export function groupsOnNode(state: ClusterState, node: string): string[] {
  const result: string[] = [];
  for (const placement of state.placements.values()) if (placement.node === node) result.push(placement.group);
  return result.sort(byName);
}
