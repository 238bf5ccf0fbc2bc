import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/index.ts';
import { isLiveProcess } from '../src/process-table.ts';

/** Running, not a zombie (an orphan here may never be reaped). */
const alive = isLiveProcess;

describe('runCommand: a short-lived command run to its end', () => {
  it('collects stdout, stderr and the exit code, with the environment and folder given', async () => {
    const result = await runCommand('/bin/sh', ['-c', 'echo "$GREETING from $(pwd)"; echo oops >&2; exit 7'], {
      env: { GREETING: 'hello', PATH: '/usr/bin:/bin' },
      cwd: '/tmp',
    });
    expect(result).toEqual({
      exitCode: 7,
      stdout: 'hello from /tmp\n',
      stderr: 'oops\n',
      missing: false,
      timedOut: false,
    });
  });

  it('says a program is missing instead of rejecting', async () => {
    expect(await runCommand('/no/such/program', [])).toMatchObject({
      exitCode: 127,
      missing: true,
      stderr: '/no/such/program: command not found',
    });
  });

  it('kills the command and what it started when it runs past its timeout', async () => {
    const started = Date.now();
    const result = await runCommand('/bin/sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    const background = Number(result.stdout.trim());
    await expect.poll(() => alive(background)).toBe(false);
  });

  it('does not wait for a background child that keeps its output open', async () => {
    const started = Date.now();
    const result = await runCommand('/bin/sh', ['-c', 'sleep 3 & echo started'], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n', timedOut: false });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
