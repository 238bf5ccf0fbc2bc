import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSupervisedProcess, type ExitInfo } from '../src/index.ts';
import { alive, bundleFixtures, fixture, waitGone } from './helpers.ts';

let bundles: Record<string, string>;
beforeAll(async () => {
  bundles = await bundleFixtures(['supervisor-parent', 'echo-child']);
});

function exitReported(): { onExit: (info: ExitInfo) => void; reported: Promise<ExitInfo> } {
  let onExit!: (info: ExitInfo) => void;
  const reported = new Promise<ExitInfo>((resolve) => (onExit = resolve));
  return { onExit, reported };
}

describe('startSupervisedProcess', () => {
  it('reports a child that exits on its own at once, with its exit code', async () => {
    const { onExit, reported } = exitReported();
    const child = startSupervisedProcess({ command: process.execPath, args: ['-e', 'process.exit(3)'], onExit });
    await child.ready;
    const info = await reported;
    expect(info).toMatchObject({ code: 3, signal: null, expected: false });
    expect(child.running).toBe(false);
    expect(await child.exited).toEqual(info);
  });

  it('passes stdout and stderr lines to log', async () => {
    const lines: string[] = [];
    const child = startSupervisedProcess({
      command: process.execPath,
      args: ['-e', 'console.log("out line"); console.error("err line")'],
      log: (line, stream) => lines.push(`${stream}: ${line}`),
      onExit: () => {},
    });
    await child.exited;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the pipes may drain just after exit
    expect(lines).toContain('stdout: out line');
    expect(lines).toContain('stderr: err line');
  });

  it('stop() kills a child that ignores SIGTERM once the grace is over, as an expected exit', async () => {
    const lines: string[] = [];
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const { onExit, reported } = exitReported();
    const child = startSupervisedProcess({
      command: process.execPath,
      args: [fixture('ignores-sigterm.mjs')],
      log: (line) => {
        lines.push(line);
        if (line === 'started') started();
      },
      onExit,
    });
    await startedPromise;
    await child.stop(300);
    const info = await reported;
    expect(info).toMatchObject({ signal: 'SIGKILL', expected: true });
    expect(lines).toContain('ignoring SIGTERM');
    expect(alive(child.pid!)).toBe(false);
  });

  it('stop() reaches the processes the child started (its process group)', async () => {
    const lines: string[] = [];
    let grandchildPid!: (pid: number) => void;
    const grandchild = new Promise<number>((resolve) => (grandchildPid = resolve));
    const child = startSupervisedProcess({
      command: 'sh',
      args: ['-c', 'sleep 1000 & echo $!; wait'],
      log: (line) => {
        lines.push(line);
        grandchildPid(Number(line));
      },
      onExit: () => {},
    });
    const sleepPid = await grandchild;
    expect(alive(sleepPid)).toBe(true);
    await child.stop(2000);
    expect(await waitGone(sleepPid, 5000)).toBeDefined();
  });

  it('a kill -9 of the supervising parent kills the supervised grandchild', async () => {
    const parent = spawn(process.execPath, [bundles['supervisor-parent']!], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sleepPid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).on('line', (line) => {
        const match = /^sleeper (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    expect(alive(sleepPid)).toBe(true);
    process.kill(parent.pid!, 'SIGKILL');
    const goneAfter = await waitGone(sleepPid, 5000);
    console.log(`[bench] supervised sleep gone ${goneAfter} ms after kill -9 of its parent`);
    expect(goneAfter).toBeDefined();
  });

  it('answers IPC requests by id, carries errors back, and passes other messages to onMessage', async () => {
    const messages: unknown[] = [];
    let hello!: () => void;
    const helloReceived = new Promise<void>((resolve) => (hello = resolve));
    const child = startSupervisedProcess({
      command: process.execPath,
      args: [bundles['echo-child']!],
      ipc: true,
      onMessage: (message) => {
        messages.push(message);
        hello();
      },
      onExit: () => {},
    });
    await helloReceived;
    expect(messages).toEqual([{ type: 'hello' }]);
    const [first, second] = await Promise.all([child.request({ n: 1 }, 5000), child.request({ n: 2 }, 5000)]);
    expect(first).toEqual({ echo: { n: 1 }, pid: child.pid });
    expect(second).toEqual({ echo: { n: 2 }, pid: child.pid });
    await expect(child.request('fail', 5000)).rejects.toThrow('asked to fail');
    child.kill();
    expect(await child.exited).toMatchObject({ signal: 'SIGKILL', expected: true });
    await expect(child.request('late', 1000)).rejects.toThrow(/no IPC channel/);
  });

  it('refuses a command that does not exist, naming it', () => {
    expect(() => startSupervisedProcess({ command: 'no-such-command-wolfpack', args: [], onExit: () => {} })).toThrow(
      /"no-such-command-wolfpack" was not found/,
    );
  });
});
