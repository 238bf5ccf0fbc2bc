import {
  keys,
  nameOfKey,
  type ClusterConfig,
  type FailureRequest,
  type GroupConfig,
  type GroupHistory,
  type MoveRequest,
  type NodeConfig,
  type NodeStatus,
  type Placement,
  type ResourceConfig,
  type ResourceStatus,
  type ResourceTypeRecord,
} from '@wolfpack/contracts';
import type { ClusterStore, KeyValue, WatchEvent } from '@wolfpack/store';

/**
 * Everything the cluster knows, as plain data at one store revision: the input of
 * every policy decision and of every view. Built from a range read, then kept
 * current by applying watch events.
 */
export interface ClusterState {
  revision: number;
  config: ClusterConfig | undefined;
  nodes: Map<string, NodeConfig>;
  nodeStatuses: Map<string, NodeStatus>;
  groups: Map<string, GroupConfig>;
  resources: Map<string, ResourceConfig>;
  resourceStatuses: Map<string, ResourceStatus>;
  placements: Map<string, Placement>;
  groupHistories: Map<string, GroupHistory>;
  moveRequests: Map<string, MoveRequest>;
  failureRequests: Map<string, FailureRequest>;
  /** Registered (not built-in) resource types, with their modules' hashes. */
  resourceTypes: Map<string, ResourceTypeRecord>;
}

export function emptyClusterState(): ClusterState {
  return {
    revision: 0,
    config: undefined,
    nodes: new Map(),
    nodeStatuses: new Map(),
    groups: new Map(),
    resources: new Map(),
    resourceStatuses: new Map(),
    placements: new Map(),
    groupHistories: new Map(),
    moveRequests: new Map(),
    failureRequests: new Map(),
    resourceTypes: new Map(),
  };
}

type MapField = Exclude<keyof ClusterState, 'revision' | 'config'>;

const collections: [prefix: string, field: MapField][] = [
  [keys.nodes, 'nodes'],
  [keys.nodeStatuses, 'nodeStatuses'],
  [keys.groups, 'groups'],
  [keys.resources, 'resources'],
  [keys.resourceStatuses, 'resourceStatuses'],
  [keys.placements, 'placements'],
  [keys.groupHistories, 'groupHistories'],
  [keys.moveRequests, 'moveRequests'],
  [keys.failureRequests, 'failureRequests'],
  [keys.resourceTypes, 'resourceTypes'],
];

/** Which part of the state a key belongs to, if any (events and elections are not state). */
export function stateFieldOfKey(key: string): MapField | 'config' | undefined {
  if (key === keys.cluster) return 'config';
  for (const [prefix, field] of collections) if (key.startsWith(prefix)) return field;
  return undefined;
}

/** Apply one key's new value (or its deletion) to the state, in place. */
export function applyKeyChange(state: ClusterState, key: string, value: string | undefined): void {
  const field = stateFieldOfKey(key);
  if (field === undefined) return;
  if (field === 'config') {
    state.config = value === undefined ? undefined : (JSON.parse(value) as ClusterConfig);
    return;
  }
  const map = state[field] as Map<string, unknown>;
  const name = nameOfKey(key);
  if (value === undefined) map.delete(name);
  else map.set(name, JSON.parse(value));
}

/** The cluster state plus each state key's modRevision (for compare-and-swap), at one store revision. */
export interface GuardedState {
  state: ClusterState;
  modRevisions: Map<string, number>;
}

/** One watched change to a state key, applied to the state and to the key's modRevision. */
export function applyGuardedChange({ state, modRevisions }: GuardedState, event: WatchEvent): void {
  applyKeyChange(state, event.kv.key, event.type === 'put' ? event.kv.value : undefined);
  if (event.type === 'put') modRevisions.set(event.kv.key, event.kv.modRevision);
  else modRevisions.delete(event.kv.key);
}

/**
 * The one whole-state read: every state key at one revision, with its modRevision. Commands,
 * followers (the agent's, the manager's, the server's feed) and one-off readers all start here.
 */
export async function readGuardedState(store: ClusterStore): Promise<GuardedState> {
  const state = emptyClusterState();
  const modRevisions = new Map<string, number>();
  const result = await store.range(keys.stateRoot);
  for (const kv of result.kvs) {
    applyKeyChange(state, kv.key, kv.value);
    modRevisions.set(kv.key, kv.modRevision);
  }
  state.revision = result.revision;
  return { state, modRevisions };
}

/** Read the whole cluster state at one revision (without the modRevisions). */
export async function loadClusterState(store: ClusterStore): Promise<ClusterState> {
  return (await readGuardedState(store)).state;
}

/**
 * A copy that later changes to `state` do not reach: the maps are copied, the records
 * shared (a change replaces a record, never edits it). Cheap next to reading it whole.
 */
export function snapshotClusterState(state: ClusterState): ClusterState {
  return {
    revision: state.revision,
    config: state.config,
    nodes: new Map(state.nodes),
    nodeStatuses: new Map(state.nodeStatuses),
    groups: new Map(state.groups),
    resources: new Map(state.resources),
    resourceStatuses: new Map(state.resourceStatuses),
    placements: new Map(state.placements),
    groupHistories: new Map(state.groupHistories),
    moveRequests: new Map(state.moveRequests),
    failureRequests: new Map(state.failureRequests),
    resourceTypes: new Map(state.resourceTypes),
  };
}

/** Deep copy, for simulations that must not touch the live state. */
export function cloneClusterState(state: ClusterState): ClusterState {
  return structuredClone(state);
}

export type { KeyValue };
