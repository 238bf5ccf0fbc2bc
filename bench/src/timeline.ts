import type { ClusterEventRecord } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';

/*
 * Where the time went: the cluster's own event log (placements, failovers, resource
 * state changes, each stamped with Date.now() by the process that made it) read after a
 * run, so a failover splits into decision, release and acquisition.
 */

export type EventMatch = Partial<Pick<ClusterEventRecord, 'kind' | 'node' | 'to' | 'reason'>> & { object?: string };

/** Events logged after this store revision, oldest first. */
export function eventsSince(store: ClusterStore, revision: number): Promise<ClusterEventRecord[]> {
  return readEvents(store, { since: revision });
}

const matches = (event: ClusterEventRecord, match: EventMatch) =>
  (match.kind === undefined || event.kind === match.kind) &&
  (match.node === undefined || event.node === match.node) &&
  (match.to === undefined || event.to === match.to) &&
  (match.reason === undefined || event.reason === match.reason) &&
  (match.object === undefined || event.object?.name === match.object);

/** Time of the first event that matches, or NaN. */
export function firstTime(events: ClusterEventRecord[], match: EventMatch): number {
  return events.find((event) => matches(event, match))?.time ?? Number.NaN;
}

/** Time of the last event that matches, or NaN. */
export function lastTime(events: ClusterEventRecord[], match: EventMatch): number {
  return events.filter((event) => matches(event, match)).at(-1)?.time ?? Number.NaN;
}

/** Samples per phase name, filled run by run. */
export class Phases {
  readonly samples = new Map<string, number[]>();

  add(name: string, ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.samples.set(name, [...(this.samples.get(name) ?? []), ms]);
  }
}
