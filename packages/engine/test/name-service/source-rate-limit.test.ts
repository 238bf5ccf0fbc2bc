import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from '../../src/name-service/index.ts';

describe('SourceRateLimiter', () => {
  it('lets a source send its burst, then its steady rate, whatever the others do', () => {
    const limiter = new SourceRateLimiter({ perSecond: 10, burst: 5 });
    const allowed = (source: string, now: number, count: number) => Array.from({ length: count }, () => limiter.allow(source, now)).filter(Boolean).length;
    expect(allowed('10.0.0.1', 0, 20)).toBe(5);
    expect(allowed('10.0.0.2', 0, 3)).toBe(3);
    // 10 per second: 1 more after 100 ms, 5 (the burst, no more) after a long pause.
    expect(allowed('10.0.0.1', 100, 20)).toBe(1);
    expect(allowed('10.0.0.1', 60_000, 20)).toBe(5);
  });

  it('tracks a bounded number of sources, forgetting idle ones first', () => {
    const limiter = new SourceRateLimiter({ perSecond: 1, burst: 2 }, 3);
    limiter.allow('flooder', 0);
    limiter.allow('flooder', 0);
    expect(limiter.allow('flooder', 0)).toBe(false);
    for (const source of ['a', 'b', 'c', 'd', 'e']) limiter.allow(source, 10_000);
    expect(limiter.sources).toBeLessThanOrEqual(3);
  });

  it('refuses a limit that would answer nothing', () => {
    expect(() => new SourceRateLimiter({ perSecond: 0, burst: 5 })).toThrow(/perSecond must be > 0/);
  });
});
