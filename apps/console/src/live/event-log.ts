import type { ClusterEventRecord } from '@wolfpack/contracts';

/** How many event log lines the console keeps in memory (the newest). */
export const eventLogCapacity = 2000;

/** Events in one transaction share a revision, so identity needs the rest of the line too. */
export const eventIdentity = (event: ClusterEventRecord): string =>
  `${event.revision}|${event.time}|${event.kind}|${event.object.kind}|${event.object.name}|${event.message}`;

/**
 * The event log after more lines arrived (from GET /events or from the live stream, in any
 * mix): each line once, ordered by revision then time, the newest `capacity` kept. Pure;
 * returns `log` itself when nothing was new, so observers do not re-render.
 */
export function mergeEvents(
  log: readonly ClusterEventRecord[] | undefined,
  incoming: readonly ClusterEventRecord[],
  capacity = eventLogCapacity,
): ClusterEventRecord[] {
  const current = log ?? [];
  if (incoming.length === 0) return current as ClusterEventRecord[];
  const seen = new Set(current.map(eventIdentity));
  const fresh = incoming.filter((event) => {
    const id = eventIdentity(event);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (fresh.length === 0) return current as ClusterEventRecord[];
  const last = current[current.length - 1];
  const inOrder = last === undefined || fresh.every((event, i) => compare(i === 0 ? last : fresh[i - 1]!, event) <= 0);
  const merged = inOrder ? [...current, ...fresh] : [...current, ...fresh].sort(compare);
  return merged.length > capacity ? merged.slice(merged.length - capacity) : merged;
}

const compare = (a: ClusterEventRecord, b: ClusterEventRecord): number => a.revision - b.revision || a.time - b.time;
