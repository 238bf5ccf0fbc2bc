import { nameOfKey } from '@wolfpack/contracts';
import { stateFieldOfKey, type ClusterState } from '@wolfpack/engine';
import type { WatchEvent } from '@wolfpack/store';
import type { ViewKind } from './live-views.ts';

/*
 * Which views a store write can change, from what each view reads (engine model/cluster-views.ts
 * and model/derived.ts):
 * - NodeView: the node's config and status.
 * - ResourceView: its config, its status, its group's placement (state, owner, since), and
 *   the node list (possibleOwners defaults to every node).
 * - GroupView: its config, its placement, and config + status of each of its resources
 *   (its state is derived from theirs).
 * - ResourceTypeView: the catalog and the registered type.
 * Histories, move and failure requests and the cluster record are in no view.
 * Views are collected before a revision is applied (the group a resource leaves) and
 * after (the group it joins); recomputing a view that did not change costs a comparison.
 */

/** The views to recompute after one store revision. */
export class AffectedViews {
  readonly views = new Map<ViewKind, Set<string>>([
    ['node', new Set()],
    ['group', new Set()],
    ['resource', new Set()],
    ['resourceType', new Set()],
  ]);
  /** Every resource view: the node list changed, and with it the default possible owners. */
  allResources = false;
  /** Groups whose placement changed: each of their resources' state and owner may have. */
  readonly placedGroups = new Set<string>();

  add(kind: ViewKind, name: string | undefined): void {
    if (name !== undefined) this.views.get(kind)!.add(name);
  }

  /** Note what the events touch, on the state as it was before them. */
  collectBefore(state: ClusterState, events: readonly WatchEvent[]): void {
    for (const event of events) {
      const name = nameOfKey(event.kv.key);
      switch (stateFieldOfKey(event.kv.key)) {
        case 'nodes':
          this.add('node', name);
          if (state.nodes.has(name) !== (event.type === 'put')) this.allResources = true;
          break;
        case 'nodeStatuses':
          this.add('node', name);
          break;
        case 'groups':
          this.add('group', name);
          break;
        case 'resources':
        case 'resourceStatuses':
          this.add('resource', name);
          this.add('group', state.resources.get(name)?.group);
          this.add('group', state.resourceStatuses.get(name)?.group);
          break;
        case 'placements':
          this.add('group', name);
          this.placedGroups.add(name);
          break;
        case 'resourceTypes':
          this.add('resourceType', name);
          break;
        default:
          break;
      }
    }
  }

  /** Note what the events touch, on the state as it is after them. */
  collectAfter(state: ClusterState, events: readonly WatchEvent[]): void {
    for (const event of events) {
      const field = stateFieldOfKey(event.kv.key);
      if (field !== 'resources' && field !== 'resourceStatuses') continue;
      const name = nameOfKey(event.kv.key);
      this.add('group', state.resources.get(name)?.group);
      this.add('group', state.resourceStatuses.get(name)?.group);
    }
    if (this.allResources) {
      for (const name of state.resources.keys()) this.add('resource', name);
    } else if (this.placedGroups.size > 0) {
      // One pass over the resources for all placements of the revision (a failover of many groups).
      for (const resource of state.resources.values())
        if (this.placedGroups.has(resource.group)) this.add('resource', resource.name);
    }
  }
}
