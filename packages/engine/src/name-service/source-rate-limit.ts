/*
 * A token bucket per source address, so one client flooding the DNS responder is answered
 * at a bounded rate while every other client is answered as usual. Time is passed in, so
 * the decision is a pure function of the buckets, the source and the moment.
 */

export interface SourceRateLimit {
  /** Queries per second a source may send steadily. */
  perSecond: number;
  /** Queries a quiet source may send at once. */
  burst: number;
}

/** What the responder allows by default: far above any resolver's need, far below a flood. */
export const defaultSourceRateLimit: SourceRateLimit = { perSecond: 50, burst: 100 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets for at most `maxSources` addresses; past that, full (idle) buckets go first, then the oldest. */
export class SourceRateLimiter {
  readonly #limit: SourceRateLimit;
  readonly #maxSources: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(limit: SourceRateLimit = defaultSourceRateLimit, maxSources = 4096) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error(`DNS rate limit: perSecond must be > 0 and burst >= 1, not ${limit.perSecond}/${limit.burst}`);
    this.#limit = limit;
    this.#maxSources = maxSources;
  }

  /** True when `source` may be answered at `now` (ms); takes one token if so. */
  allow(source: string, now: number): boolean {
    let bucket = this.#buckets.get(source);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxSources) this.#evict(now);
      bucket = { tokens: this.#limit.burst, at: now };
      this.#buckets.set(source, bucket);
    }
    bucket.tokens = Math.min(this.#limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) * this.#limit.perSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How many sources it tracks (bounded by maxSources). */
  get sources(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    // A bucket that has refilled is the same as none: forgetting it changes no answer.
    for (const [source, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.#limit.perSecond) / 1000 >= this.#limit.burst) this.#buckets.delete(source);
    }
    if (this.#buckets.size >= this.#maxSources) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}
