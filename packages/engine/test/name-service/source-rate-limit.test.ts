import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from '../../src/name-service/index.ts';

const allowed = (limiter: SourceRateLimiter, source: string, now: number, count: number) =>
  Array.from({ length: count }, () => limiter.allow(source, now)).filter(Boolean).length;

describe('SourceRateLimiter', () => {
  it('lets a source send its burst, then its steady rate, whatever the others do', () => {
    const limiter = new SourceRateLimiter({ perSecond: 10, burst: 5 });
    expect(allowed(limiter, '10.0.0.1', 0, 20)).toBe(5);
    expect(allowed(limiter, '10.0.0.2', 0, 3)).toBe(3);
    // 10 per second: 1 more after 100 ms, 5 (the burst, no more) after a long pause.
    expect(allowed(limiter, '10.0.0.1', 100, 20)).toBe(1);
    expect(allowed(limiter, '10.0.0.1', 60_000, 20)).toBe(5);
  });

  it('answers all sources together at most at the global rate, however many new addresses ask', () => {
    const limiter = new SourceRateLimiter({ perSecond: 50, burst: 100 }, { global: { perSecond: 1000, burst: 1000 } });
    let answered = 0;
    // Ten seconds of a flood from fresh addresses, 100 queries each: 10 000 bursts' worth.
    for (let millisecond = 0; millisecond < 10_000; millisecond += 1) {
      for (let query = 0; query < 10; query += 1)
        answered += limiter.allow(`flood-${millisecond}-${query % 2}`, millisecond) ? 1 : 0;
    }
    // The global burst, then 1000 a second.
    expect(answered).toBeLessThanOrEqual(1000 + 1000 * 10);
    expect(answered).toBeGreaterThan(1000 * 10 * 0.9);
  });

  it('keeps answering a client that was there before the flood, within its steady rate', () => {
    const limiter = new SourceRateLimiter({ perSecond: 50, burst: 100 }, { global: { perSecond: 100, burst: 100 } });
    expect(limiter.allow('resolver', 0)).toBe(true);
    let resolverAnswered = 0;
    let floodAnswered = 0;
    // From 2 s on: 2000 new addresses a second take every global token they can; the resolver asks 10 times a second.
    for (let millisecond = 2000; millisecond < 7000; millisecond += 1) {
      floodAnswered +=
        allowed(limiter, `flood-${millisecond}-a`, millisecond, 1) +
        allowed(limiter, `flood-${millisecond}-b`, millisecond, 1);
      if (millisecond % 100 === 0) resolverAnswered += limiter.allow('resolver', millisecond) ? 1 : 0;
    }
    expect(resolverAnswered).toBe(50);
    expect(floodAnswered + resolverAnswered).toBeLessThanOrEqual(100 * 5 + 2 * 100);
  });

  it('does not count a source above its steady rate as a regular, however long it has been known', () => {
    const limiter = new SourceRateLimiter({ perSecond: 50, burst: 100 }, { global: { perSecond: 100, burst: 100 } });
    limiter.allow('quiet', 0);
    // 60 a second for 2 s: its own bucket still holds tokens, but no longer a full one.
    for (let millisecond = 0; millisecond < 2000; millisecond += 50) allowed(limiter, 'flooder', millisecond, 3);
    for (let index = 0; index < 300; index += 1) limiter.allow(`drain-${index}`, 2000);
    expect(allowed(limiter, 'flooder', 2000, 1)).toBe(0);
    // A source as old, within its rate, is still answered (from the global bucket's debt).
    expect(limiter.allow('quiet', 2000)).toBe(true);
  });

  it('tracks a bounded number of sources, forgetting the one heard from least recently', () => {
    const limiter = new SourceRateLimiter({ perSecond: 1, burst: 2 }, { maxSources: 3 });
    limiter.allow('flooder', 0);
    limiter.allow('flooder', 0);
    expect(limiter.allow('flooder', 0)).toBe(false);
    for (const source of ['a', 'b', 'c', 'd', 'e']) limiter.allow(source, 10_000);
    expect(limiter.sources).toBe(3);
  });

  it('refuses a limit that would answer nothing', () => {
    expect(() => new SourceRateLimiter({ perSecond: 0, burst: 5 })).toThrow(
      /per-source rate limit: perSecond must be > 0/,
    );
    expect(() => new SourceRateLimiter(undefined, { global: { perSecond: 10, burst: 0 } })).toThrow(
      /global rate limit: perSecond must be > 0 and burst >= 1/,
    );
  });
});
