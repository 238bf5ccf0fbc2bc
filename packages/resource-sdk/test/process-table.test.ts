import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isLiveProcess, parseProcessStat, processIds, readProcessStat } from '../src/process-table.ts';

describe('parseProcessStat', () => {
  it('counts the fields from the last parenthesis: a command name may hold spaces and parentheses', () => {
    const text = '4242 (a (b) c) Z 17 4242 4242 0 -1 4194560 100 0 0 0 25 7 0 0 20 0 1 0 300 0 0\n';
    const expected = {
      pid: 4242,
      command: 'a (b) c',
      state: 'Z',
      parent: 17,
      group: 4242,
      userTicks: 25,
      systemTicks: 7,
    };
    expect(parseProcessStat(text)).toEqual(expected);
    const odd = parseProcessStat('1 () ) S 0 1 1 0 -1 0 0 0 0 0 3 4');
    expect(odd).toMatchObject({ command: ') ', state: 'S', parent: 0, group: 1 });
  });

  it('says undefined for text that is not a stat line', () => {
    expect(parseProcessStat('')).toBeUndefined();
    expect(parseProcessStat('4242 no parenthesis S 1 1')).toBeUndefined();
  });
});

describe('readProcessStat and isLiveProcess', () => {
  it('read this process, tell a zombie and a gone process from a live one', async () => {
    expect(readProcessStat(process.pid)).toMatchObject({ pid: process.pid, parent: process.ppid });
    expect(processIds()).toContain(process.pid);
    // The shell's background `true` is a child of `sleep` once the shell execs it; sleep never reaps it: a zombie.
    const child = spawn('sh', ['-c', 'true & exec sleep 30'], { stdio: 'ignore' });
    const pid = child.pid!;
    try {
      let zombie: number | undefined;
      for (let attempt = 0; attempt < 200 && zombie === undefined; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        zombie = processIds().find((other) => {
          const stat = readProcessStat(other);
          return stat?.parent === pid && stat.state === 'Z';
        });
      }
      expect(zombie, 'the zombie child of sleep').toBeDefined();
      expect(isLiveProcess(zombie!)).toBe(false);
      expect(isLiveProcess(pid)).toBe(true);
      expect(readProcessStat(pid)).toMatchObject({ parent: process.pid, command: 'sleep' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(isLiveProcess(pid)).toBe(false);
    expect(readProcessStat(pid)).toBeUndefined();
  });
});
