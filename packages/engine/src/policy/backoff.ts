/*
 * How long to wait before trying again something the store refused for now (a join whose
 * lease lapsed while it waited on the store, a control reply not written): doubling from
 * a first delay up to a cap, jittered so that nodes refused together do not all come
 * back at the same moment (after a store outage, every node's join fails at once).
 */

export interface Backoff {
  /** The ceiling of the first retry's delay. */
  firstMs: number;
  /** The ceiling every later retry's delay stops doubling at. */
  maxMs: number;
}

/** A node joining the cluster again: 250 ms doubling to 5 s. */
export const joinBackoff: Backoff = { firstMs: 250, maxMs: 5000 };

/**
 * The delay before retry number `attempt` (0 for the first), given `random` in [0, 1)
 * (Math.random() at the edge): between half its ceiling and the ceiling, which doubles
 * from `firstMs` with each attempt up to `maxMs`. Half is kept so that no retry comes at once.
 */
export function retryDelayMs(attempt: number, random: number, backoff: Backoff = joinBackoff): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new RangeError(`attempt must be a whole number from 0, not ${attempt}`);
  if (!(random >= 0 && random < 1)) throw new RangeError(`random must be in [0, 1), not ${random}`);
  if (!(backoff.firstMs > 0 && backoff.maxMs >= backoff.firstMs)) {
    throw new RangeError(
      `backoff must have firstMs above 0 and maxMs at least firstMs, not ${JSON.stringify(backoff)}`,
    );
  }
  // 2 ** attempt past ~2^40 is still exact in a double, and the cap applies long before.
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(attempt, 40));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}
