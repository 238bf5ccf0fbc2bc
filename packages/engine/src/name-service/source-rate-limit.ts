import { TokenBucket, type TokenRate } from '@wolfpack/resource-sdk/token-bucket';

/*
 * Token buckets for the DNS responder: one per source address, so one client flooding it is
 * answered at a bounded rate while every other client is answered as usual; and one for all
 * sources together, so a flood from many (possibly spoofed) addresses, each new one with a
 * full burst of its own, still gets a bounded number of answers. Time is passed in, so the
 * decision is a pure function of the buckets, the source and the moment.
 */

/** Queries per second a source may send steadily (perSecond), and at once when quiet (burst). */
export type SourceRateLimit = TokenRate;

/** What the responder allows a source by default: far above any resolver's need, far below a flood. */
export const defaultSourceRateLimit: SourceRateLimit = { perSecond: 50, burst: 100 };
/** What it answers in all by default: a thousand resolvers re-asking each second (the TTL is 1 s). */
export const defaultGlobalRateLimit: SourceRateLimit = { perSecond: 1000, burst: 1000 };

export interface SourceRateLimiterOptions {
  /** All sources together. Default defaultGlobalRateLimit. */
  global?: SourceRateLimit;
  /** Sources tracked at once; past it, the one heard from least recently is forgotten. Default 4096. */
  maxSources?: number;
  /** How long a source must be known before it counts as a regular. Default 1000 ms. */
  regularAfterMs?: number;
}

interface Source {
  bucket: TokenBucket;
  /** When the source was first heard from (since it was last forgotten). */
  since: number;
}

function checked(what: string, limit: SourceRateLimit): SourceRateLimit {
  if (!(limit.perSecond > 0) || !(limit.burst >= 1))
    throw new Error(
      `DNS ${what} rate limit: perSecond must be > 0 and burst >= 1, not ${limit.perSecond}/${limit.burst}`,
    );
  return limit;
}

/**
 * A query is answered when its source has a token (taken whether or not the query is
 * answered, so a source cannot flood for free while the global bucket is dry) and the
 * global bucket has one. When the global bucket is dry, a regular (a source known for
 * regularAfterMs that sends within its steady rate: its bucket stays full) is still
 * answered, running the global bucket into debt down to minus its burst: in all, at most
 * perSecond × seconds + 2 × burst answers, and a flood from new or fast sources cannot
 * starve the clients that were there before it.
 */
export class SourceRateLimiter {
  readonly #limit: SourceRateLimit;
  readonly #globalLimit: SourceRateLimit;
  readonly #maxSources: number;
  readonly #regularAfterMs: number;
  /** In the order sources were last heard from, least recent first. */
  readonly #sources = new Map<string, Source>();
  #global: TokenBucket | undefined;
  #lastSource: string | undefined;

  constructor(limit: SourceRateLimit = defaultSourceRateLimit, options: SourceRateLimiterOptions = {}) {
    this.#limit = checked('per-source', limit);
    this.#globalLimit = checked('global', options.global ?? defaultGlobalRateLimit);
    this.#maxSources = options.maxSources ?? 4096;
    this.#regularAfterMs = options.regularAfterMs ?? 1000;
  }

  /** True when `source` may be answered at `now` (ms). */
  allow(source: string, now: number): boolean {
    let known = this.#sources.get(source);
    if (!known) {
      // Forgetting the least recently heard is O(1) per query, whatever a flood of new addresses does.
      if (this.#sources.size >= this.#maxSources) this.#sources.delete(this.#sources.keys().next().value!);
      known = { bucket: new TokenBucket(this.#limit, now), since: now };
      this.#sources.set(source, known);
    } else if (source !== this.#lastSource) {
      // To the end of the order (a flood from one source skips this: it is already there).
      this.#sources.delete(source);
      this.#sources.set(source, known);
    }
    this.#lastSource = source;
    const tokens = known.bucket.tokens(now);
    const global = (this.#global ??= new TokenBucket(this.#globalLimit, now));
    const globalTokens = global.tokens(now);

    if (tokens < 1) return false;
    const regular = now - known.since >= this.#regularAfterMs && tokens >= this.#limit.burst - 1;
    known.bucket.spend();
    if (globalTokens >= 1 || (regular && globalTokens - 1 >= -this.#globalLimit.burst)) {
      global.spend();
      return true;
    }
    return false;
  }

  /** How many sources it tracks (bounded by maxSources). */
  get sources(): number {
    return this.#sources.size;
  }
}
