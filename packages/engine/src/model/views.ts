import type {
  ClusterSnapshot,
  GroupView,
  NodeView,
  ResourceState,
  ResourceTypeManifest,
  ResourceTypeRecord,
  ResourceTypeView,
  ResourceView,
} from '@wolfpack/contracts';
import type { ResourceTypeCatalog } from '../types/catalog.ts';
import type { ClusterState } from './cluster-state.ts';
import { byName } from './dependencies.ts';
import { groupOwner, groupResources, groupState, nodeNames, nodeState, resourceOwner, resourceState } from './derived.ts';

/*
 * The cluster as clients see it (GET /cluster, the live snapshot, the console): config
 * and observed status joined at one revision, states derived by model/derived.ts so that
 * every client and the engine agree on them.
 */

/** A node as clients see it, or undefined if not configured. */
export function nodeView(state: ClusterState, name: string): NodeView | undefined {
  const config = state.nodes.get(name);
  if (!config) return undefined;
  const status = state.nodeStatuses.get(name);
  return {
    name,
    description: config.description,
    state: nodeState(state, name),
    paused: config.paused,
    ...(status ? { pid: status.pid, hostname: status.hostname, upSince: status.startedAt, leaseTtlMs: status.leaseTtlMs } : {}),
  };
}

/** A group as clients see it, or undefined if not configured. */
export function groupView(state: ClusterState, name: string): GroupView | undefined {
  const config = state.groups.get(name);
  if (!config) return undefined;
  return {
    name,
    description: config.description,
    state: groupState(state, name),
    ownerNode: groupOwner(state, name),
    epoch: state.placements.get(name)?.epoch ?? 0,
    persistentState: config.persistentState,
    preferredOwners: config.policy.preferredOwners,
    policy: config.policy,
    resources: groupResources(state, name).map((resource) => resource.name),
  };
}

const holding: ReadonlySet<ResourceState> = new Set(['OnlinePending', 'Online', 'OfflinePending']);

/** A resource as clients see it, or undefined if not configured. */
export function resourceView(state: ClusterState, name: string): ResourceView | undefined {
  const config = state.resources.get(name);
  if (!config) return undefined;
  const status = state.resourceStatuses.get(name);
  // Since/reason tell the story of the state shown: only from a status that state came from.
  const statusCounts = status && (state.placements.get(config.group)?.node === status.node || holding.has(status.state));
  return {
    name,
    description: config.description,
    group: config.group,
    type: config.type,
    state: resourceState(state, name),
    ownerNode: resourceOwner(state, name),
    persistentState: config.persistentState,
    dependencies: config.dependencies,
    possibleOwners: config.possibleOwners ?? nodeNames(state),
    commonProperties: config.common,
    privateProperties: config.private,
    ...(statusCounts ? { since: status.since, ...(status.reason !== undefined ? { reason: status.reason } : {}) } : {}),
  };
}

export interface TypeViewOptions {
  /** Where the console loads a type's panel module from; default `/api/resource-types/<name>/panel.mjs`. */
  panelUrl?: (manifest: ResourceTypeManifest) => string;
}

const defaultPanelUrl = (manifest: ResourceTypeManifest) =>
  `/api/v1/resource-types/${encodeURIComponent(manifest.name)}/${encodeURIComponent(manifest.version)}/panel.mjs`;

function typeView(manifest: ResourceTypeRecord, builtIn: boolean, options: TypeViewOptions): ResourceTypeView {
  // The panel's hash in its URL: a version unregistered and registered again with other
  // bytes gets a new URL, so no browser serves the old panel from its immutable cache.
  const panelHash = manifest.sha256?.panel;
  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    builtIn,
    propertySchema: manifest.propertySchema,
    controlCodes: manifest.controlCodes ?? [],
    requiredDependencies: manifest.requiredDependencies ?? [],
    ...(manifest.entryPoints.panel ? { panelUrl: `${(options.panelUrl ?? defaultPanelUrl)(manifest)}${panelHash ? `?sha256=${panelHash}` : ''}` } : {}),
    ...(manifest.consoleApi !== undefined ? { consoleApi: manifest.consoleApi } : {}),
    ...(manifest.sha256 ? { sha256: manifest.sha256 } : {}),
  };
}

/** A resource type: from the catalog (as it says, usually built in), else registered in the store. */
export function resourceTypeView(
  state: ClusterState,
  catalog: ResourceTypeCatalog,
  name: string,
  options: TypeViewOptions = {},
): ResourceTypeView | undefined {
  const entry = catalog.get(name);
  if (entry) return typeView(entry.manifest, entry.builtIn, options);
  const registered = state.resourceTypes.get(name);
  return registered ? typeView(registered, false, options) : undefined;
}

/** Every resource type a client can use: the catalog's, then the registered ones it lacks, by name. */
export function resourceTypeViews(state: ClusterState, catalog: ResourceTypeCatalog, options: TypeViewOptions = {}): ResourceTypeView[] {
  const names = new Set([...catalog.list().map((entry) => entry.manifest.name), ...state.resourceTypes.keys()]);
  return [...names].sort(byName).map((name) => resourceTypeView(state, catalog, name, options)!);
}

/** The whole cluster at the state's revision, every list in name order. */
export function clusterSnapshot(state: ClusterState, catalog: ResourceTypeCatalog, options: TypeViewOptions = {}): ClusterSnapshot {
  const sorted = (names: Iterable<string>) => [...names].sort(byName);
  return {
    name: state.config?.name ?? '',
    revision: state.revision,
    nodes: sorted(state.nodes.keys()).map((name) => nodeView(state, name)!),
    groups: sorted(state.groups.keys()).map((name) => groupView(state, name)!),
    resources: sorted(state.resources.keys()).map((name) => resourceView(state, name)!),
    resourceTypes: resourceTypeViews(state, catalog, options),
  };
}
