import type { ClusterSnapshot, LiveChange, LiveChangeKind, ResourceView } from '@wolfpack/contracts';
import {
  clusterSnapshot,
  groupView,
  nodeView,
  resourceTypeView,
  resourceView,
  writeOnlyValuesOf,
  type ClusterState,
  type ResourceTypeCatalog,
  type TypeViewOptions,
} from '@wolfpack/engine';
import { keepWriteOnlyValues, writeOnlyFingerprint } from './write-only.ts';

/*
 * The views the live feed sends: one object's view at a revision (viewOf), the whole
 * snapshot, and what clients were last sent of each (SentViews), so an unchanged view is not sent again.
 */

/** The kinds of change that carry a view of a cluster object (events are log records, not views). */
export type ViewKind = Exclude<LiveChangeKind, 'event'>;

/** In this order within a revision: a resource's change before the group change it causes. */
export const viewKinds: readonly ViewKind[] = ['node', 'resource', 'group', 'resourceType'];

/** A change and the store revision that caused it (kept for resume; clients see only the change). */
export interface TaggedChange {
  revision: number;
  change: LiveChange;
}

/** What views need besides the state: the catalog of types and how type views name panel URLs. */
export interface ViewContext {
  catalog: ResourceTypeCatalog;
  typeViewOptions?: TypeViewOptions;
}

/**
 * The catalog as the live views use it: its built-in types only. A server's catalog may
 * also list registered types, read from some other follower's state that can lag behind
 * or run ahead of the hub's; views of registered types must come from the hub's own state
 * (ClusterState.resourceTypes), so that each view matches the revision it is sent with.
 */
export function builtInTypesOf(catalog: ResourceTypeCatalog): ResourceTypeCatalog {
  return {
    get: (name) => {
      const entry = catalog.get(name);
      return entry?.builtIn ? entry : undefined;
    },
    list: () => catalog.list().filter((entry) => entry.builtIn),
    validate: (name, properties, context) => catalog.validate(name, properties, context),
  };
}

/** One object's view at the state's revision, or undefined when it does not exist. */
export function viewOf(state: ClusterState, context: ViewContext, kind: ViewKind, name: string): unknown {
  switch (kind) {
    case 'node':
      return nodeView(state, name);
    case 'group':
      return groupView(state, name);
    case 'resource':
      return keptWithWriteOnly(state, context, resourceView(state, name, context.catalog));
    case 'resourceType':
      return resourceTypeView(state, context.catalog, name, context.typeViewOptions);
  }
}

/** A resource view, its writeOnly values kept beside it for the resource's own scope (write-only.ts). */
function keptWithWriteOnly<T extends ResourceView | undefined>(state: ClusterState, context: ViewContext, view: T): T {
  if (view) keepWriteOnlyValues(view, writeOnlyValuesOf(state, view.name, context.catalog));
  return view;
}

/** The whole cluster as GET /cluster shows it. */
export function snapshotOf(state: ClusterState, context: ViewContext): ClusterSnapshot {
  const snapshot = clusterSnapshot(state, context.catalog, context.typeViewOptions);
  for (const view of snapshot.resources) keptWithWriteOnly(state, context, view);
  return snapshot;
}

/** Every view of a snapshot, by kind. */
export function viewsOfSnapshot(snapshot: ClusterSnapshot): Record<ViewKind, { name: string }[]> {
  return {
    node: snapshot.nodes,
    group: snapshot.groups,
    resource: snapshot.resources,
    resourceType: snapshot.resourceTypes,
  };
}

/**
 * The views clients were last told about, as JSON text, so that a recomputed view that
 * came out the same is not sent again (a placement write changes a resource's owner but
 * maybe not its group's view, and so on).
 */
export class SentViews {
  readonly #views = new Map<ViewKind, Map<string, string>>(viewKinds.map((kind) => [kind, new Map()]));

  /** Record a view (undefined: the object is gone); returns the change to send, or undefined when it is unchanged. */
  update(kind: ViewKind, name: string, value: unknown): LiveChange | undefined {
    const views = this.#views.get(kind)!;
    if (value === undefined) {
      if (!views.delete(name)) return undefined;
      return { kind, name, value: null };
    }
    const json = JSON.stringify(value) + writeOnlyFingerprint(value);
    if (views.get(name) === json) return undefined;
    views.set(name, json);
    // viewOf computed the value for this kind, so it is that kind's view: TypeScript cannot
    // pair a `kind` held in a variable with its view type, hence the one cast.
    return { kind, name, value } as LiveChange;
  }

  /** Names of the objects of a kind that clients know of. */
  names(kind: ViewKind): string[] {
    return [...this.#views.get(kind)!.keys()];
  }

  /**
   * Make the record match a whole snapshot; returns the changes that takes (every object
   * that differs, and a deletion for every object that is gone).
   */
  replaceAll(snapshot: ClusterSnapshot): LiveChange[] {
    const changes: LiveChange[] = [];
    const views = viewsOfSnapshot(snapshot);
    for (const kind of viewKinds) {
      const present = new Set<string>();
      for (const view of views[kind]) {
        present.add(view.name);
        const change = this.update(kind, view.name, view);
        if (change) changes.push(change);
      }
      for (const name of this.names(kind)) {
        if (present.has(name)) continue;
        const change = this.update(kind, name, undefined);
        if (change) changes.push(change);
      }
    }
    return changes;
  }
}
