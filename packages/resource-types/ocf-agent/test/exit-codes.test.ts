import { describe, expect, it } from 'vitest';
import { actionSucceeded, describeExitCode, monitorOutcome } from '../src/index.ts';

describe('a monitor exit code 0 is running', () => {
  it('maps 0 to running', () => expect(monitorOutcome(0)).toBe('running'));
});

describe('a monitor exit code 7 is not running', () => {
  it('maps 7 (OCF_NOT_RUNNING) to not running', () => expect(monitorOutcome(7)).toBe('not-running'));
});

describe('any other monitor exit code is failed', () => {
  it.each([1, 2, 3, 4, 5, 6, 8, 9, 126, 127, 255])('maps %i to failed', (code) =>
    expect(monitorOutcome(code)).toBe('failed'),
  );
  it('counts a monitor that timed out as failed whatever its code', () =>
    expect(monitorOutcome(0, true)).toBe('failed'));
});

describe('start and stop succeed only with 0', () => {
  it('takes 0 in time as success and nothing else', () => {
    expect(actionSucceeded(0)).toBe(true);
    expect(actionSucceeded(7)).toBe(false);
    expect(actionSucceeded(1)).toBe(false);
    expect(actionSucceeded(0, true)).toBe(false);
  });
});

describe('exit codes are named as the OCF API names them', () => {
  it('names the known codes and numbers the others', () => {
    expect(describeExitCode(6)).toBe('OCF_ERR_CONFIGURED (6)');
    expect(describeExitCode(7)).toBe('OCF_NOT_RUNNING (7)');
    expect(describeExitCode(42)).toBe('exit code 42');
  });
});
