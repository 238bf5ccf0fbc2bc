/*
 * A token bucket: up to `burst` at once after a quiet spell, then `perSecond` steadily.
 * The DNS responder's per-source and global limits, a chat client's line rate and the
 * live hub's snapshot allowance are each one. Time is passed in (ms) on every call, so a
 * decision is a pure function of the bucket and the moment, and tests need no clock.
 */

export interface TokenRate {
  /** Tokens per second, steady. */
  perSecond: number;
  /** Tokens held at most: what a quiet user may spend at once. */
  burst: number;
}

export class TokenBucket {
  /** Changeable: the next refill counts the time since the last one at the rate set then. */
  rate: TokenRate;
  #tokens: number;
  /** When #tokens was last brought up to date (ms). */
  #at: number;

  /** A full bucket at `now`. */
  constructor(rate: TokenRate, now: number) {
    this.rate = rate;
    this.#tokens = rate.burst;
    this.#at = now;
  }

  /**
   * The tokens at `now` (fractional while refilling; below zero while in debt): refilled
   * at the steady rate, never above the burst. A clock that goes back refills nothing,
   * and the time it went back is not counted again.
   */
  tokens(now: number): number {
    const elapsed = Math.max(0, now - this.#at);
    this.#tokens = Math.min(this.rate.burst, this.#tokens + (elapsed * this.rate.perSecond) / 1000);
    this.#at = Math.max(this.#at, now);
    return this.#tokens;
  }

  /** Spends one token, whether or not there is one: the caller decides how far into debt it may go. */
  spend(): void {
    this.#tokens -= 1;
  }

  /** Milliseconds from `now` until the bucket holds one whole token (0: it does now). */
  waitMs(now: number): number {
    const tokens = this.tokens(now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / this.rate.perSecond);
  }
}
