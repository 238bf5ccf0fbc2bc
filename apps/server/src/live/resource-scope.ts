import type { LiveChange, LiveChanges, LiveSnapshot } from '@wolfpack/contracts';
import { withWriteOnlyValues } from './write-only.ts';

/*
 * What a resource's own token sees of the live stream: its own resource and the event-log
 * records about it, nothing else of the cluster (no nodes, groups, other resources or
 * types). A batch with nothing of its own is not sent: the client's revision then stays
 * behind, and a resume from it gets the missed changes through the same filter. Its own
 * view comes with its writeOnly values (write-only.ts), which no other client gets.
 */

/** The snapshot as the resource may see it. */
export function scopedSnapshot(message: LiveSnapshot, resource: string): LiveSnapshot {
  const { cluster } = message;
  return {
    revision: message.revision,
    cluster: {
      ...cluster,
      nodes: [],
      groups: [],
      resources: cluster.resources.filter((view) => view.name === resource).map(withWriteOnlyValues),
      resourceTypes: [],
    },
  };
}

/** True for a change the resource may see. */
export function concernsResource(change: LiveChange, resource: string): boolean {
  if (change.kind === 'resource') return change.name === resource;
  if (change.kind === 'event') return change.value.object.kind === 'resource' && change.value.object.name === resource;
  return false;
}

/** The batch as the resource may see it, or undefined when nothing in it is its own. */
export function scopedChanges(message: LiveChanges, resource: string): LiveChanges | undefined {
  const changes = message.changes
    .filter((change) => concernsResource(change, resource))
    .map((change) =>
      change.kind === 'resource' && change.value ? { ...change, value: withWriteOnlyValues(change.value) } : change,
    );
  return changes.length > 0 ? { revision: message.revision, changes } : undefined;
}
