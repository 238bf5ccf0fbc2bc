import type { CommonProperties, RestartAction } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { decideResourceFailure, withinPeriod } from '../../src/policy/restart.ts';
import { defaultCommon } from '../model/cluster-builder.ts';

const common = (
  restartAction: RestartAction,
  restartThreshold: number,
  extra: Partial<CommonProperties> = {},
): CommonProperties => ({
  ...defaultCommon,
  restartAction,
  restartThreshold,
  restartPeriodMs: 60_000,
  ...extra,
});

const now = 1_000_000;
/** `count` earlier failures, one second apart, all inside the period. */
const earlier = (count: number) => Array.from({ length: count }, (_, i) => now - (count - i) * 1000);

describe('decideResourceFailure', () => {
  it.each([
    // [action, threshold, earlier failures, expected]
    ['DontRestart', 3, 0, 'stay-failed'],
    ['DontRestart', 0, 5, 'stay-failed'],
    ['Restart', 3, 0, 'restart'],
    ['Restart', 3, 2, 'restart'], // third failure: still within the threshold
    ['Restart', 3, 3, 'stay-failed'], // fourth failure: past it
    ['Restart', 0, 0, 'stay-failed'],
    ['RestartAndFailover', 3, 2, 'restart'],
    ['RestartAndFailover', 3, 3, 'failover'],
    ['RestartAndFailover', 0, 0, 'failover'], // threshold 0: fail over at the first failure
    ['RestartAndFailover', 1, 0, 'restart'],
    ['RestartAndFailover', 1, 1, 'failover'],
  ] as [RestartAction, number, number, string][])(
    '%s threshold %i after %i failures → %s',
    (action, threshold, count, expected) => {
      const decision = decideResourceFailure(common(action, threshold), earlier(count), now);
      expect(decision.action).toBe(expected);
      expect(decision.failures).toEqual([...earlier(count), now]);
    },
  );

  it('forgets failures older than the restart period (a failure exactly one period old has aged out)', () => {
    const previous = [now - 60_000, now - 59_999, now - 1];
    const decision = decideResourceFailure(common('RestartAndFailover', 2), previous, now);
    expect(decision.failures).toEqual([now - 59_999, now - 1, now]);
    expect(decision.action).toBe('failover');
    const later = decideResourceFailure(common('RestartAndFailover', 2), previous, now + 1);
    expect(later.failures).toEqual([now - 1, now + 1]);
    expect(later.action).toBe('restart');
  });

  it('sliding period: failures spread wider than the period never exhaust the threshold', () => {
    let failures: number[] = [];
    for (let t = 0; t < 20; t++) {
      const decision = decideResourceFailure(common('RestartAndFailover', 2), failures, t * 30_001);
      expect(decision.action).toBe('restart');
      failures = decision.failures;
      expect(failures.length).toBeLessThanOrEqual(2);
    }
  });

  it('carries the restart delay', () => {
    expect(decideResourceFailure(common('Restart', 3, { restartDelayMs: 2500 }), [], now).delayMs).toBe(2500);
  });

  it('withinPeriod keeps times younger than the period', () => {
    expect(withinPeriod([0, 1, 5, 10], 10, 10)).toEqual([1, 5, 10]);
  });
});
