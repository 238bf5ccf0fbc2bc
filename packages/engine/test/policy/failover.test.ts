import type { GroupPolicy } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { mayFailOver } from '../../src/policy/failover.ts';
import { defaultPolicy } from '../model/cluster-builder.ts';

const policy = (failoverThreshold: number, failoverPeriodMs = 3_600_000): GroupPolicy => ({
  ...defaultPolicy,
  failoverThreshold,
  failoverPeriodMs,
});
const now = 10_000_000;

describe('mayFailOver', () => {
  it.each([
    [1, [], true],
    [1, [now - 10], false],
    [2, [now - 10], true],
    [2, [now - 20, now - 10], false],
    [10, Array.from({ length: 9 }, (_, i) => now - i), true],
    [10, Array.from({ length: 10 }, (_, i) => now - i), false],
    [0, [], false],
  ] as [number, number[], boolean][])('threshold %i with %j earlier → allowed %s', (threshold, previous, allowed) => {
    const decision = mayFailOver(policy(threshold), previous, now);
    expect(decision.allowed).toBe(allowed);
    expect(decision.failovers).toEqual(allowed ? [...previous, now] : previous);
  });

  it('forgets failovers older than the period, at the boundary', () => {
    expect(mayFailOver(policy(1), [now - 3_600_000], now)).toEqual({ allowed: true, failovers: [now] });
    expect(mayFailOver(policy(1), [now - 3_599_999], now)).toEqual({ allowed: false, failovers: [now - 3_599_999] });
  });

  it('the period slides: a refused group may fail over once its oldest failover ages out', () => {
    const previous = [now - 3_000_000, now - 1000];
    expect(mayFailOver(policy(2), previous, now).allowed).toBe(false);
    expect(mayFailOver(policy(2), previous, now + 600_000)).toEqual({
      allowed: true,
      failovers: [now - 1000, now + 600_000],
    });
  });
});
