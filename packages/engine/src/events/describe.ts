import type { ClusterEvent } from '@wolfpack/contracts';

/**
 * One line for a log or terminal: time, what happened to which object, who did it, and
 * for a refused command, why.
 */
export function describeEvent(event: ClusterEvent): string {
  const time = new Date(event.time).toISOString();
  const who = event.actor ? ` (by ${event.actor})` : '';
  const refused = event.result === 'refused' ? ` [refused${event.reason ? `: ${event.reason}` : ''}]` : '';
  return `${time} ${event.kind} ${event.object.kind} ${event.object.name}: ${event.message}${who}${refused}`;
}
