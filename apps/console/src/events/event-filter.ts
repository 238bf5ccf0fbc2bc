import type { ClusterEventRecord } from '@wolfpack/contracts';

/** Which events to show: everything, or those about one object (a group's include its resources'; a node's, what ran there). */
export type EventFilter = { kind: 'all' } | { kind: 'node' | 'group' | 'resource'; name: string };

/** Whether an event concerns the filtered object. `groupOf` maps a resource to its group. */
export function eventMatches(
  event: ClusterEventRecord,
  filter: EventFilter,
  groupOf: (resource: string) => string | undefined,
): boolean {
  if (filter.kind === 'all') return true;
  const { object } = event;
  if (object.kind === filter.kind && object.name === filter.name) return true;
  if (filter.kind === 'group') return object.kind === 'resource' && groupOf(object.name) === filter.name;
  if (filter.kind === 'node')
    return event.node === filter.name || event.from === filter.name || event.to === filter.name;
  return false;
}

/** The filter as a select's value and back: `group:SOCKET_GROUP`. */
export const filterValue = (filter: EventFilter) => (filter.kind === 'all' ? 'all' : `${filter.kind}:${filter.name}`);

export function filterFromValue(value: string): EventFilter {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  if (at < 0 || (kind !== 'node' && kind !== 'group' && kind !== 'resource')) return { kind: 'all' };
  return { kind, name: value.slice(at + 1) };
}
