import type { ClusterEvent } from '@wolfpack/contracts';

/**
 * One line for a log or terminal: time, what happened to which object, who did it, and
 * for a refused command, why.
 */
export function describeEvent(event: ClusterEvent): string {
  const time = new Date(event.time).toISOString();
  const who = event.actor ? ` (by ${event.actor})` : '';
  const reason = event.reason && !event.message.includes(event.reason) ? `: ${event.reason}` : '';
  const refused = event.result === 'refused' ? ` [refused${reason}]` : '';
  return `${time} ${event.kind} ${event.object.kind} ${event.object.name}: ${event.message}${who}${refused}`;
}
