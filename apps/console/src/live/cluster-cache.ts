import type {
  ClusterEventRecord,
  ClusterSnapshot,
  GroupView,
  LiveChange,
  LiveChangeOf,
  LiveChanges,
  NodeView,
  ResourceTypeView,
  ResourceView,
} from '@wolfpack/contracts';
import { byName as compareByName } from '../lists/compare.ts';

/**
 * The cluster as the console holds it in the query cache under ['cluster']: the snapshot's
 * objects keyed by name, at one revision. Objects that did not change keep their identity
 * from one revision to the next, so React skips what did not change.
 */
export interface ClusterCache {
  name: string;
  revision: number;
  nodes: ReadonlyMap<string, NodeView>;
  groups: ReadonlyMap<string, GroupView>;
  resources: ReadonlyMap<string, ResourceView>;
  resourceTypes: ReadonlyMap<string, ResourceTypeView>;
}

/** The kinds of object a live change can carry besides events. */
export type ObjectChangeKind = 'node' | 'group' | 'resource' | 'resourceType';

/** What one batch did to the cache. */
export interface AppliedBatch {
  cache: ClusterCache;
  /** False when the batch was at or below the cache's revision: nothing changed. */
  applied: boolean;
  /** Objects whose view changed (or vanished: null), in batch order; the last value wins. */
  objects: { kind: ObjectChangeKind; name: string; value: LiveChangeOf<ObjectChangeKind>['value'] }[];
  /** Event log lines the batch carried, in order. */
  events: ClusterEventRecord[];
}

const byName = <T extends { name: string }>(list: readonly T[]): Map<string, T> =>
  new Map(list.map((item) => [item.name, item]));

/** A snapshot (GET /cluster or the live `snapshot`) as the cache holds it. */
export function cacheFromSnapshot(snapshot: ClusterSnapshot, revision = snapshot.revision): ClusterCache {
  return {
    name: snapshot.name,
    revision,
    nodes: byName(snapshot.nodes),
    groups: byName(snapshot.groups),
    resources: byName(snapshot.resources),
    resourceTypes: byName(snapshot.resourceTypes),
  };
}

/** The cache back in the contracts' shape (arrays sorted by name), e.g. for a panel that wants a ClusterSnapshot. */
export function snapshotFromCache(cache: ClusterCache): ClusterSnapshot {
  const sorted = <T extends { name: string }>(map: ReadonlyMap<string, T>) => [...map.values()].sort(compareByName);
  return {
    name: cache.name,
    revision: cache.revision,
    nodes: sorted(cache.nodes),
    groups: sorted(cache.groups),
    resources: sorted(cache.resources),
    resourceTypes: sorted(cache.resourceTypes),
  };
}

const objectKinds: Record<
  ObjectChangeKind,
  keyof Pick<ClusterCache, 'nodes' | 'groups' | 'resources' | 'resourceTypes'>
> = {
  node: 'nodes',
  group: 'groups',
  resource: 'resources',
  resourceType: 'resourceTypes',
};

const isObjectKind = (kind: LiveChange['kind']): kind is ObjectChangeKind => kind in objectKinds;

/**
 * One `changes` batch applied to the cache, gated by revision: a batch at or below the
 * cache's revision was already seen (or predates a newer snapshot) and changes nothing,
 * which is what makes a batch never apply twice and never out of order. Changes apply in
 * the batch's order; a null value removes the object. Pure: the cache given is not touched.
 */
export function applyLiveChanges(cache: ClusterCache, batch: LiveChanges): AppliedBatch {
  if (!(batch.revision > cache.revision)) return { cache, applied: false, objects: [], events: [] };
  const copies: Partial<Record<ObjectChangeKind, Map<string, { name: string }>>> = {};
  const objects: AppliedBatch['objects'] = [];
  const events: ClusterEventRecord[] = [];
  for (const change of batch.changes) {
    if (change.kind === 'event') {
      events.push(change.value);
      continue;
    }
    if (!isObjectKind(change.kind)) continue; // a kind this console does not know: newer server
    const map = (copies[change.kind] ??= new Map(
      cache[objectKinds[change.kind]] as ReadonlyMap<string, { name: string }>,
    ));
    if (change.value === null) map.delete(change.name);
    else map.set(change.name, change.value);
    objects.push({ kind: change.kind, name: change.name, value: change.value });
  }
  const next: ClusterCache = { ...cache, revision: batch.revision };
  for (const [kind, map] of Object.entries(copies) as [ObjectChangeKind, Map<string, never>][])
    next[objectKinds[kind]] = map;
  return { cache: next, applied: true, objects, events };
}

/** A view from the cache by kind and name. */
export function objectFromCache(cache: ClusterCache, kind: ObjectChangeKind, name: string): unknown {
  return cache[objectKinds[kind]].get(name);
}

/** Every object kind and the cache map holding it. */
export const objectMaps = objectKinds;
