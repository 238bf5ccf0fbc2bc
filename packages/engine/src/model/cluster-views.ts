import { resourceTypeViewOf } from '@wolfpack/contracts';
import type {
  ClusterSnapshot,
  GroupView,
  NodeView,
  ResourceState,
  ResourceTypeManifest,
  ResourceTypeView,
  ResourceView,
} from '@wolfpack/contracts';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';
import type { ClusterState } from './cluster-state.ts';
import { byName } from './dependencies.ts';
import {
  groupOwner,
  groupResources,
  groupState,
  nodeNames,
  nodeState,
  resourceOwner,
  resourceState,
} from './derived.ts';

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
    ...(status
      ? { pid: status.pid, hostname: status.hostname, upSince: status.startedAt, leaseTtlMs: status.leaseTtlMs }
      : {}),
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

/** The manifest of a type: the catalog's (built-in), else registered in the store. */
function manifestOf(state: ClusterState, catalog: ResourceTypeCatalog, type: string): ResourceTypeManifest | undefined {
  return catalog.get(type)?.manifest ?? state.resourceTypes.get(type);
}

/** The properties a property schema marks `writeOnly: true` (JSON Schema): written, never read back. */
export function writeOnlyPropertiesOf(manifest: Pick<ResourceTypeManifest, 'propertySchema'> | undefined): string[] {
  return Object.entries(manifest?.propertySchema.properties ?? {})
    .filter(
      ([, schema]) =>
        typeof schema === 'object' && schema !== null && (schema as { writeOnly?: unknown }).writeOnly === true,
    )
    .map(([property]) => property);
}

/**
 * Private properties as every client may read them: writeOnly ones left out, and named in
 * `writeOnlySet` when they hold something other than their default.
 */
function readableProperties(
  manifest: ResourceTypeManifest | undefined,
  properties: Record<string, unknown>,
): Pick<ResourceView, 'privateProperties' | 'writeOnlySet'> {
  const writeOnly = writeOnlyPropertiesOf(manifest);
  if (writeOnly.length === 0) return { privateProperties: properties };
  const readable = { ...properties };
  const set: string[] = [];
  for (const property of writeOnly) {
    if (!(property in readable)) continue;
    const fallback = (manifest!.propertySchema.properties[property] as { default?: unknown }).default;
    if (JSON.stringify(readable[property]) !== JSON.stringify(fallback)) set.push(property);
    delete readable[property];
  }
  return { privateProperties: readable, writeOnlySet: set };
}

/** The values of a resource's writeOnly properties (for the resource's own credential only). */
export function writeOnlyValuesOf(
  state: ClusterState,
  name: string,
  catalog: ResourceTypeCatalog,
): Record<string, unknown> {
  const config = state.resources.get(name);
  if (!config) return {};
  const values: Record<string, unknown> = {};
  for (const property of writeOnlyPropertiesOf(manifestOf(state, catalog, config.type)))
    if (property in config.private) values[property] = config.private[property];
  return values;
}

export interface ResourceViewOptions {
  /** Keep writeOnly values in: only for the resource's own credential (it runs with them anyway). */
  revealWriteOnly?: boolean;
}

/** A resource as clients see it (its type's writeOnly properties never in it), or undefined if not configured. */
export function resourceView(
  state: ClusterState,
  name: string,
  catalog: ResourceTypeCatalog,
  options: ResourceViewOptions = {},
): ResourceView | undefined {
  const config = state.resources.get(name);
  if (!config) return undefined;
  const readable = readableProperties(manifestOf(state, catalog, config.type), config.private);
  const status = state.resourceStatuses.get(name);
  // Since/reason tell the story of the state shown: only from a status that state came from.
  const statusCounts =
    status && (state.placements.get(config.group)?.node === status.node || holding.has(status.state));
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
    ...readable,
    ...(options.revealWriteOnly ? { privateProperties: config.private } : {}),
    ...(statusCounts ? { since: status.since, ...(status.reason !== undefined ? { reason: status.reason } : {}) } : {}),
  };
}

export interface TypeViewOptions {
  /** Where the console loads a type's panel module from; default `/api/resource-types/<name>/panel.mjs`. */
  panelUrl?: (manifest: ResourceTypeManifest) => string;
}

const defaultPanelUrl = (manifest: ResourceTypeManifest) =>
  `/api/v1/resource-types/${encodeURIComponent(manifest.name)}/${encodeURIComponent(manifest.version)}/panel.mjs`;

/** A resource type: from the catalog (as it says, usually built in), else registered in the store. */
export function resourceTypeView(
  state: ClusterState,
  catalog: ResourceTypeCatalog,
  name: string,
  options: TypeViewOptions = {},
): ResourceTypeView | undefined {
  const entry = catalog.get(name);
  if (entry) return resourceTypeViewOf(entry.manifest, entry.builtIn, options.panelUrl ?? defaultPanelUrl);
  const registered = state.resourceTypes.get(name);
  return registered ? resourceTypeViewOf(registered, false, options.panelUrl ?? defaultPanelUrl) : undefined;
}

/** Every resource type a client can use: the catalog's, then the registered ones it lacks, by name. */
export function resourceTypeViews(
  state: ClusterState,
  catalog: ResourceTypeCatalog,
  options: TypeViewOptions = {},
): ResourceTypeView[] {
  const names = new Set([...catalog.list().map((entry) => entry.manifest.name), ...state.resourceTypes.keys()]);
  return [...names].sort(byName).map((name) => resourceTypeView(state, catalog, name, options)!);
}

/** The whole cluster at the state's revision, every list in name order. */
export function clusterSnapshot(
  state: ClusterState,
  catalog: ResourceTypeCatalog,
  options: TypeViewOptions = {},
): ClusterSnapshot {
  const sorted = (names: Iterable<string>) => [...names].sort(byName);
  return {
    name: state.config?.name ?? '',
    revision: state.revision,
    nodes: sorted(state.nodes.keys()).map((name) => nodeView(state, name)!),
    groups: sorted(state.groups.keys()).map((name) => groupView(state, name)!),
    resources: sorted(state.resources.keys()).map((name) => resourceView(state, name, catalog)!),
    resourceTypes: resourceTypeViews(state, catalog, options),
  };
}
