import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceInstance } from '@wolfpack/contracts';
import { waitUntil } from '@wolfpack/testing/conditions';
import genericApplicationType from '../src/engine.ts';
import { makeContext } from './context.ts';
import { processIds, readProcessStat } from '@wolfpack/resource-sdk/process-table';

/**
 * True while a process of the group led by pid is still running. Zombies do not count:
 * they are dead, only waiting for init (slow in some containers) to reap them.
 */
function groupAlive(pid: number): boolean {
  return processIds().some((entry) => {
    const stat = readProcessStat(entry); // undefined: exited meanwhile
    return stat !== undefined && stat.group === pid && stat.state !== 'Z';
  });
}

/** The pid of the running application, read from the log line online writes. */
function pidOf(logs: string[]): number {
  const line = logs.find((message) => message.includes('started process'));
  return Number(/started process (\d+)/.exec(line ?? '')?.[1]);
}

describe('Generic Application', () => {
  const started: ResourceInstance[] = [];
  afterEach(async () => {
    for (const instance of started.splice(0)) await instance.terminate();
  });

  it('runs the command line in its folder with its environment, and stops it offline', async () => {
    const { context, logs, failures, stateDir } = makeContext({
      CommandLine: `sh -c 'pwd > seen.txt; echo "$GREETING $WOLFPACK_NODE $WOLFPACK_EPOCH" >> seen.txt; exec sleep 30'`,
      Environment: { GREETING: 'hello world' },
    });
    const instance = genericApplicationType.create(context);
    started.push(instance);
    await instance.online();
    const pid = pidOf(logs);
    await waitUntil(
      'the program to write seen.txt',
      () => readFileSync(join(stateDir, 'seen.txt'), { encoding: 'utf8', flag: 'a+' }).split('\n').length > 2,
    );
    expect(readFileSync(join(stateDir, 'seen.txt'), 'utf8')).toBe(`${stateDir}\nhello world OSDB_SERV 7\n`);
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);

    await instance.offline();
    expect(groupAlive(pid)).toBe(false);
    expect(await instance.looksAlive()).toBe(false);
    expect(failures).toEqual([]);
  });

  it('reports an exit nobody asked for at once, with the exit code and last output', async () => {
    const { context, nextFailure, failures } = makeContext({
      CommandLine: `sh -c 'sleep 0.4; echo disk full >&2; exit 3'`,
    });
    const instance = genericApplicationType.create(context);
    started.push(instance);
    await instance.online();
    await nextFailure;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      /^Generic Application "Chat App": process \d+ exited with code 3; last output: disk full$/,
    );
    expect(await instance.looksAlive()).toBe(false);
  });

  it('fails online when the program cannot start or exits within the startup window', async () => {
    const missing = genericApplicationType.create(
      makeContext({ CommandLine: 'no-such-program-wolfpack --flag' }).context,
    );
    await expect(missing.online()).rejects.toThrow(
      /"no-such-program-wolfpack --flag" exited with code 127 within 200 ms of starting; last output: .*not found/,
    );

    const failing = genericApplicationType.create(makeContext({ CommandLine: 'false' }).context);
    await expect(failing.online()).rejects.toThrow(/"false" exited with code 1 within 200 ms/);

    // Exiting at once with success is no better: a resource that is gone is not online.
    const quick = genericApplicationType.create(makeContext({ CommandLine: 'true' }).context);
    await expect(quick.online()).rejects.toThrow(/"true" exited with code 0 within 200 ms/);
  });

  it('fails online, naming the folder, when CurrentDirectory does not exist', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'wp-app-cwd-')), 'missing');
    const instance = genericApplicationType.create(
      makeContext({ CommandLine: 'sleep 30', CurrentDirectory: folder }).context,
    );
    await expect(instance.online()).rejects.toThrow(
      `Generic Application "Chat App": CurrentDirectory ${folder} does not exist`,
    );
  });

  it('offline lets the program shut down cleanly on SIGTERM', async () => {
    const { context, logs, failures } = makeContext({
      CommandLine: `sh -c 'trap "echo stopping cleanly; exit 0" TERM; while :; do sleep 0.05; done'`,
    });
    const instance = genericApplicationType.create(context);
    started.push(instance);
    await instance.online();
    await instance.offline();
    await waitUntil("the program's goodbye", () => logs.includes('[stdout] stopping cleanly'));
    expect(failures).toEqual([]);
  });

  it('terminate kills the program and everything it started, without reporting a failure', async () => {
    const { context, logs, failures } = makeContext({ CommandLine: `sh -c 'sleep 30 & sleep 30 & wait'` });
    const instance = genericApplicationType.create(context);
    await instance.online();
    const pid = pidOf(logs);
    expect(groupAlive(pid)).toBe(true);
    await instance.terminate();
    await waitUntil('the process group to be gone', () => !groupAlive(pid));
    expect(await instance.isAlive()).toBe(false);
    expect(failures).toEqual([]);
  });

  it('validate names the field and the rule', () => {
    const validate = genericApplicationType.validate!;
    const context = { resource: 'Chat App', group: 'SOCKET_GROUP', providers: [] };
    expect(validate({ CommandLine: 'sleep 30', CurrentDirectory: '', Environment: { A_1: 'x' } }, context)).toEqual([]);
    expect(validate({ CommandLine: '   ' }, context)).toEqual([
      { path: 'private.CommandLine', message: expect.stringContaining('required') },
    ]);
    expect(validate({ CommandLine: 'x', CurrentDirectory: 'relative/dir' }, context)[0]?.path).toBe(
      'private.CurrentDirectory',
    );
    expect(validate({ CommandLine: 'x', Environment: { '1BAD': 'x' } }, context)[0]?.path).toBe(
      'private.Environment.1BAD',
    );
    expect(validate({ CommandLine: 'x', Environment: { GOOD: 5 } }, context)[0]?.message).toMatch(/must be a string/);
  });
});
