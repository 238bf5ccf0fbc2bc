import type { ClusterEvent } from '@wolfpack/contracts';

/*
 * Refusals that come in floods are counted, not written one by one: failed sign-ins
 * (anonymous by definition), rate-limit refusals, and the refusals of signed-in users (a
 * viewer's 403s, a malformed body). A window (a minute) becomes at most one event per
 * actor and address, and at most `maxEntries` of those; whatever comes from further
 * addresses folds into one more event per actor: one for everyone anonymous, one per
 * signed-in user or resource (never counted as anonymous; there are only so many). However
 * fast anyone knocks, the event log grows by a bounded number of events a minute. A signed-in user's first refusal of a window is
 * written at once, whole (note says so), so an admin sees it without waiting; the rest of
 * the window's are counted per command. The names a failed sign-in claimed go in the
 * admin-only `detail` (people type passwords into the name field).
 */

export type Refusal =
  /** A sign-in refused: wrong name or password, or a malformed request. */
  | { kind: 'failed-sign-in'; address: string; claimedName?: string }
  /** A request the rate limit refused; `actor` is the signed-in user, if any. */
  | { kind: 'rate-limited'; address: string; actor?: string }
  /** A signed-in user's (or resource's) request refused: `command` is what it asked, `reason` why not. */
  | { kind: 'refused'; address: string; actor: string; command: string; reason: string };

export interface TallyLimits {
  /** Actor-and-address pairs kept apart per window; more fold into one overflow event. */
  maxEntries: number;
  /** Distinct claimed names (and refused commands) kept per pair. */
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
  /** Refusals of a signed-in actor counted (the first of the window, written at once, is not). */
  refused: number;
  commands: Map<string, number>;
  otherCommands: number;
  /** The reason of the first refusal counted. */
  reason: string | undefined;
}

const actorOf = (refusal: Refusal): string =>
  refusal.kind !== 'failed-sign-in' && refusal.actor !== undefined ? refusal.actor : `anonymous@${refusal.address}`;

/** Adds one to a name's count, keeping at most `max` names (the rest are counted, not named). */
function countName(names: Map<string, number>, name: string, max: number): boolean {
  const seen = names.get(name);
  if (seen !== undefined) names.set(name, seen + 1);
  else if (names.size < max) names.set(name, 1);
  else return false;
  return true;
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Counts refusals per actor and address until drained into events. */
export class RefusalTally {
  readonly #limits: TallyLimits;
  readonly #entries = new Map<string, Entry>();
  /** Per actor ('anonymous' for all anonymous senders), refusals from pairs past maxEntries. */
  #overflow = new Map<string, { first: number; refusals: number }>();

  constructor(limits: TallyLimits = defaultTallyLimits) {
    this.#limits = limits;
  }

  /** How many pairs are counted now (the log's growth at the next drain, less the overflow event). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Counts a refusal. True when it is a signed-in actor's first refusal of the window: the
   * caller writes that one's event at once, and it is not counted.
   */
  note(refusal: Refusal, now: number): boolean {
    const actor = actorOf(refusal);
    const key = `${actor}\n${refusal.address}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      if (this.#entries.size >= this.#limits.maxEntries) {
        const signedIn = refusal.kind !== 'failed-sign-in' && refusal.actor !== undefined;
        const overflowActor = signedIn ? actor : 'anonymous';
        const overflow = this.#overflow.get(overflowActor);
        // A signed-in actor's first refusal of the window is still written at once, whole (not counted).
        const writeNow = overflow === undefined && refusal.kind === 'refused';
        if (overflow) overflow.refusals++;
        else this.#overflow.set(overflowActor, { first: now, refusals: writeNow ? 0 : 1 });
        return writeNow;
      }
      entry = {
        actor,
        address: refusal.address,
        first: now,
        failedSignIns: 0,
        rateLimited: 0,
        names: new Map(),
        otherNames: 0,
        refused: 0,
        commands: new Map(),
        otherCommands: 0,
        reason: undefined,
      };
      this.#entries.set(key, entry);
      if (refusal.kind === 'refused') return true;
    }
    if (refusal.kind === 'rate-limited') {
      entry.rateLimited++;
      return false;
    }
    if (refusal.kind === 'refused') {
      if (entry.refused === 0 && entry.rateLimited === 0) entry.first = now;
      entry.refused++;
      entry.reason ??= refusal.reason;
      if (!countName(entry.commands, refusal.command, this.#limits.maxNames)) entry.otherCommands++;
      return false;
    }
    entry.failedSignIns++;
    if (refusal.claimedName === undefined) return false;
    if (!countName(entry.names, refusal.claimedName.slice(0, nameLength), this.#limits.maxNames)) entry.otherNames++;
    return false;
  }

  /** The events for everything counted since the last drain, and a fresh count. */
  drain(): ClusterEvent[] {
    const events = [...this.#entries.values()].flatMap((entry) => eventOf(entry) ?? []);
    for (const [actor, overflow] of this.#overflow) {
      if (overflow.refusals === 0) continue;
      const anonymous = actor === 'anonymous';
      events.push({
        time: overflow.first,
        kind: 'command',
        object: { kind: 'cluster', name: '' },
        actor,
        command: anonymous ? 'login' : 'refused-requests',
        result: 'refused',
        message: `refused ${plural(overflow.refusals, 'more request', 'more requests')}${anonymous ? '' : ` of ${actor}`} from addresses past the first ${this.#limits.maxEntries} (not told apart)`,
        reason: anonymous ? 'failed sign-ins or the rate limit' : 'refused requests or the rate limit',
      });
    }
    this.#entries.clear();
    this.#overflow.clear();
    return events;
  }
}

/** The window's event for an actor and address; none when only its first refusal came (already written). */
function eventOf(entry: Entry): ClusterEvent | undefined {
  if (entry.failedSignIns === 0 && entry.rateLimited === 0 && entry.refused === 0) return undefined;
  if (entry.failedSignIns === 0 && entry.refused > 0) return signedInEventOf(entry);
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

/** A signed-in actor's refusals after the first of the window (and any over the rate limit). */
function signedInEventOf(entry: Entry): ClusterEvent {
  const commands = [...entry.commands].map(([command, count]) => `${command} ×${count}`);
  if (entry.otherCommands > 0) commands.push(`${entry.otherCommands} of other commands`);
  const limited =
    entry.rateLimited > 0 ? ` and ${plural(entry.rateLimited, 'request', 'requests')} over the rate limit` : '';
  return {
    time: entry.first,
    kind: 'command',
    object: { kind: 'cluster', name: '' },
    actor: entry.actor,
    command: 'refused-requests',
    result: 'refused',
    message: `refused ${plural(entry.refused, 'more request', 'more requests')} of ${entry.actor} from ${entry.address} after the first of the minute${limited}: ${commands.join(', ')}`,
    reason: entry.reason ?? 'refused',
  };
}
