import type {
  ClusterEventRecord,
  ClusterSnapshot,
  GroupView,
  LiveChanges,
  LiveSnapshot,
  NodeView,
  ResourceTypeView,
  ResourceView,
} from '@wolfpack/contracts';

/*
 * The cluster as the live stream last told it: a snapshot, then every batch of changes
 * applied in order. Views are the REST API's (NodeView, GroupView, …), by name.
 */
export class ClusterState {
  name = '';
  /** The store revision of the last message applied; -1 before the snapshot. */
  revision = -1;
  readonly nodes = new Map<string, NodeView>();
  readonly groups = new Map<string, GroupView>();
  readonly resources = new Map<string, ResourceView>();
  readonly resourceTypes = new Map<string, ResourceTypeView>();

  /** Replaces everything with a snapshot. */
  applySnapshot(message: LiveSnapshot): void {
    const { cluster } = message;
    this.name = cluster.name;
    this.revision = message.revision;
    fill(this.nodes, cluster.nodes);
    fill(this.groups, cluster.groups);
    fill(this.resources, cluster.resources);
    fill(this.resourceTypes, cluster.resourceTypes);
  }

  /** Applies one batch; returns the event-log records it carried (the state keeps none). */
  applyChanges(message: LiveChanges): ClusterEventRecord[] {
    const events: ClusterEventRecord[] = [];
    for (const change of message.changes) {
      switch (change.kind) {
        case 'node':
          set(this.nodes, change.name, change.value);
          break;
        case 'group':
          set(this.groups, change.name, change.value);
          break;
        case 'resource':
          set(this.resources, change.name, change.value);
          break;
        case 'resourceType':
          set(this.resourceTypes, change.name, change.value);
          break;
        case 'event':
          events.push(change.value);
          break;
      }
    }
    this.revision = message.revision;
    return events;
  }

  /** The resources of a group, in the group's order. */
  resourcesOf(group: string): ResourceView[] {
    const names = this.groups.get(group)?.resources ?? [];
    return names.map((name) => this.resources.get(name)).filter((view): view is ResourceView => view !== undefined);
  }

  /** The state as GET /cluster answers it, sorted by name. */
  snapshot(): ClusterSnapshot {
    const sorted = <T extends { name: string }>(views: Map<string, T>) =>
      [...views.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      name: this.name,
      revision: this.revision,
      nodes: sorted(this.nodes),
      groups: sorted(this.groups),
      resources: sorted(this.resources),
      resourceTypes: sorted(this.resourceTypes),
    };
  }
}

function fill<T extends { name: string }>(views: Map<string, T>, list: T[]): void {
  views.clear();
  for (const view of list) views.set(view.name, view);
}

function set<T>(views: Map<string, T>, name: string, value: T | null): void {
  if (value === null) views.delete(name);
  else views.set(name, value);
}
