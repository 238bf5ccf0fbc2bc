/*
 * OCF return codes (the OCF resource agent API, as Pacemaker reads them), and what a
 * monitor's code means to Wolfpack: 0 running, 7 not running, anything else failed.
 */

const names: Record<number, string> = {
  0: 'OCF_SUCCESS',
  1: 'OCF_ERR_GENERIC',
  2: 'OCF_ERR_ARGS',
  3: 'OCF_ERR_UNIMPLEMENTED',
  4: 'OCF_ERR_PERM',
  5: 'OCF_ERR_INSTALLED',
  6: 'OCF_ERR_CONFIGURED',
  7: 'OCF_NOT_RUNNING',
  8: 'OCF_RUNNING_PROMOTED',
  9: 'OCF_FAILED_PROMOTED',
};

/** `OCF_ERR_CONFIGURED (6)`: an exit code as the OCF API names it. */
export function describeExitCode(code: number): string {
  const name = names[code];
  return name ? `${name} (${code})` : `exit code ${code}`;
}

/** What a monitor's exit code says about the resource. */
export type MonitorOutcome = 'running' | 'not-running' | 'failed';

/** 0 running, 7 not running, anything else failed (a monitor that timed out is failed too). */
export function monitorOutcome(code: number, timedOut = false): MonitorOutcome {
  if (timedOut) return 'failed';
  if (code === 0) return 'running';
  if (code === 7) return 'not-running';
  return 'failed';
}

/**
 * Whether start or stop did what was asked: only 0 counts. (A stop of a stopped resource
 * returns 0 by the API; 7 from start or stop is a failure, as Pacemaker treats it.)
 */
export const actionSucceeded = (code: number, timedOut = false): boolean => !timedOut && code === 0;
