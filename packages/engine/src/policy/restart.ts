import type { CommonProperties } from '@wolfpack/contracts';

/*
 * MSCS restart policy of one resource: restart it on the same node up to RestartThreshold
 * times within RestartPeriod; past that, leave it Failed (Restart) or fail its group over
 * (RestartAndFailover). DontRestart leaves it Failed at once.
 */

export interface RestartDecision {
  action: 'restart' | 'stay-failed' | 'failover';
  /** Failure times still inside the restart period, this one included: store them in the status. */
  failures: number[];
  /** Wait before restarting (RestartDelay). */
  delayMs: number;
}

/** Failure times that still count: younger than `periodMs` at `now` (an old one ages out at exactly periodMs). */
export function withinPeriod(times: readonly number[], periodMs: number, now: number): number[] {
  return times.filter((time) => now - time < periodMs);
}

/** What to do about a resource that just failed at `now`, given its earlier failures. */
export function decideResourceFailure(
  common: CommonProperties,
  previousFailures: readonly number[],
  now: number,
): RestartDecision {
  const failures = [...withinPeriod(previousFailures, common.restartPeriodMs, now), now];
  const delayMs = common.restartDelayMs;
  if (common.restartAction === 'DontRestart') return { action: 'stay-failed', failures, delayMs };
  if (failures.length <= common.restartThreshold) return { action: 'restart', failures, delayMs };
  return { action: common.restartAction === 'RestartAndFailover' ? 'failover' : 'stay-failed', failures, delayMs };
}
