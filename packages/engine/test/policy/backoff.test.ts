import { describe, expect, it } from 'vitest';
import { joinBackoff, retryDelayMs } from '../../src/policy/backoff.ts';

describe('retryDelayMs', () => {
  it('doubles from 250 ms to a cap of 5 s, jittered between half the ceiling and the ceiling', () => {
    const ceilings = [250, 500, 1000, 2000, 4000, 5000, 5000];
    ceilings.forEach((ceiling, attempt) => {
      expect(retryDelayMs(attempt, 0)).toBe(ceiling / 2);
      expect(retryDelayMs(attempt, 0.5)).toBe(Math.round(ceiling * 0.75));
      expect(retryDelayMs(attempt, 0.999_999)).toBe(ceiling);
    });
  });

  it('stays at the cap however long the retries go on', () => {
    expect(retryDelayMs(1000, 0.999_999)).toBe(joinBackoff.maxMs);
    expect(retryDelayMs(Number.MAX_SAFE_INTEGER, 0)).toBe(joinBackoff.maxMs / 2);
  });

  it('spreads nodes that failed together: the same attempt with other draws gives other delays', () => {
    const delays = new Set([0, 0.2, 0.4, 0.6, 0.8].map((random) => retryDelayMs(2, random)));
    expect(delays.size).toBe(5);
  });

  it('takes another schedule', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 0.999_999, { firstMs: 50, maxMs: 2000 }))).toEqual([
      50, 100, 200, 400, 800,
    ]);
  });

  it('refuses a bad attempt, draw or schedule, naming it and the rule', () => {
    expect(() => retryDelayMs(-1, 0)).toThrow(/attempt must be a whole number from 0, not -1/);
    expect(() => retryDelayMs(1.5, 0)).toThrow(/attempt must be a whole number from 0/);
    expect(() => retryDelayMs(0, 1)).toThrow(/random must be in \[0, 1\), not 1/);
    expect(() => retryDelayMs(0, Number.NaN)).toThrow(/random must be in \[0, 1\)/);
    expect(() => retryDelayMs(0, 0, { firstMs: 0, maxMs: 10 })).toThrow(/firstMs above 0/);
    expect(() => retryDelayMs(0, 0, { firstMs: 100, maxMs: 10 })).toThrow(/maxMs at least firstMs/);
  });
});
