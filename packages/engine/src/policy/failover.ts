import type { GroupPolicy } from '@wolfpack/contracts';
import { withinPeriod } from './restart.ts';

/*
 * MSCS FailoverThreshold within FailoverPeriod: a group may fail over that many times
 * in the period; one more and it stays Failed where it is.
 */

export interface FailoverDecision {
  allowed: boolean;
  /**
   * The group's failover times to store: those inside the period, plus `now` when the
   * failover is allowed (a refused failover did not happen, so it is not counted).
   */
  failovers: number[];
}

/** Whether a group may fail over at `now`, given its earlier failover times. */
export function mayFailOver(policy: GroupPolicy, previousFailovers: readonly number[], now: number): FailoverDecision {
  const recent = withinPeriod(previousFailovers, policy.failoverPeriodMs, now);
  const allowed = recent.length + 1 <= policy.failoverThreshold;
  return { allowed, failovers: allowed ? [...recent, now] : recent };
}
