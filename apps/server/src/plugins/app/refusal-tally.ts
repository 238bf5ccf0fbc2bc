import type { ClusterEvent } from '@wolfpack/contracts';

/*
 * Refusals that come in floods are counted, not written one by one: failed sign-ins
 * (anonymous by definition) and rate-limit refusals. A window (a minute) becomes at most one
 * event per actor and address, and at most `maxEntries` of those; whatever comes from
 * further addresses folds into one more event. However fast anyone knocks, the event log
 * grows by a bounded number of events a minute. The names a failed sign-in claimed go in
 * the admin-only `detail` (people type passwords into the name field).
 */

export type Refusal =
  /** A sign-in refused: wrong name or password, or a malformed request. */
  | { kind: 'failed-sign-in'; address: string; claimedName?: string }
  /** A request the rate limit refused; `actor` is the signed-in user, if any. */
  | { kind: 'rate-limited'; address: string; actor?: string };

export interface TallyLimits {
  /** Actor-and-address pairs kept apart per window; more fold into one overflow event. */
  maxEntries: number;
  /** Distinct claimed names kept per pair. */
  maxNames: number;
}

export const defaultTallyLimits: TallyLimits = { maxEntries: 100, maxNames: 10 };

/** Longest claimed name kept in a detail. */
const nameLength = 64;

interface Entry {
  actor: string;
  address: string;
  first: number;
  failedSignIns: number;
  rateLimited: number;
  names: Map<string, number>;
  /** Distinct names past maxNames. */
  otherNames: number;
}

const actorOf = (refusal: Refusal): string => (refusal.kind === 'rate-limited' && refusal.actor !== undefined ? refusal.actor : `anonymous@${refusal.address}`);

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Counts refusals per actor and address until drained into events. */
export class RefusalTally {
  readonly #limits: TallyLimits;
  readonly #entries = new Map<string, Entry>();
  #overflow = { first: 0, refusals: 0 };

  constructor(limits: TallyLimits = defaultTallyLimits) {
    this.#limits = limits;
  }

  /** How many pairs are counted now (the log's growth at the next drain, less the overflow event). */
  get size(): number {
    return this.#entries.size;
  }

  note(refusal: Refusal, now: number): void {
    const actor = actorOf(refusal);
    const key = `${actor}\n${refusal.address}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= this.#limits.maxEntries) {
        if (this.#overflow.refusals === 0) this.#overflow.first = now;
        this.#overflow.refusals++;
        return;
      }
      entry = { actor, address: refusal.address, first: now, failedSignIns: 0, rateLimited: 0, names: new Map(), otherNames: 0 };
      this.#entries.set(key, entry);
    }
    if (refusal.kind === 'rate-limited') {
      entry.rateLimited++;
      return;
    }
    entry.failedSignIns++;
    if (refusal.claimedName === undefined) return;
    const name = refusal.claimedName.slice(0, nameLength);
    const seen = entry.names.get(name);
    if (seen !== undefined) entry.names.set(name, seen + 1);
    else if (entry.names.size < this.#limits.maxNames) entry.names.set(name, 1);
    else entry.otherNames++;
  }

  /** The events for everything counted since the last drain, and a fresh count. */
  drain(): ClusterEvent[] {
    const events = [...this.#entries.values()].map(eventOf);
    if (this.#overflow.refusals > 0) {
      events.push({
        time: this.#overflow.first,
        kind: 'command',
        object: { kind: 'cluster', name: '' },
        actor: 'anonymous',
        command: 'login',
        result: 'refused',
        message: `refused ${plural(this.#overflow.refusals, 'more request', 'more requests')} from addresses past the first ${this.#limits.maxEntries} (not told apart)`,
        reason: 'failed sign-ins or the rate limit',
      });
    }
    this.#entries.clear();
    this.#overflow = { first: 0, refusals: 0 };
    return events;
  }
}

function eventOf(entry: Entry): ClusterEvent {
  const parts: string[] = [];
  if (entry.failedSignIns > 0) parts.push(`${plural(entry.failedSignIns, 'failed sign-in', 'failed sign-ins')}`);
  if (entry.rateLimited > 0) parts.push(`${plural(entry.rateLimited, 'request', 'requests')} over the rate limit`);
  const names = [...entry.names].map(([name, count]) => `${JSON.stringify(name)} ×${count}`);
  if (entry.otherNames > 0) names.push(`${entry.otherNames} more`);
  const signIn = entry.failedSignIns > 0;
  return {
    time: entry.first,
    kind: 'command',
    object: { kind: 'cluster', name: '' },
    actor: entry.actor,
    command: signIn ? 'login' : 'rate-limited',
    result: 'refused',
    message: `refused ${parts.join(' and ')} from ${entry.address}`,
    reason: signIn ? 'wrong user name or password' : 'too many requests',
    ...(names.length > 0 ? { detail: `names tried: ${names.join(', ')}` } : {}),
  };
}
