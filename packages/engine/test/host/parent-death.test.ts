import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHostBundle, fixture, hostScript, isRunning, waitFor } from './helpers.ts';

describe('a node agent killed with kill -9', () => {
  beforeAll(buildHostBundle);

  /** Starts fixtures/parent.mjs (a stand-in agent), kill -9s it and times how long its host and resource process outlive it. */
  async function killParent(mode: 'setpriv' | 'plain'): Promise<{ hostGoneAfter: number; childGoneAfter: number }> {
    const stateDir = mkdtempSync(join(tmpdir(), 'wolfpack-parent-'));
    const args = [
      fixture('parent.mjs'),
      hostScript,
      fixture('child-process.mjs'),
      stateDir,
      ...(mode === 'plain' ? ['plain'] : []),
    ];
    const parent = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: parent.stdout }).once('line', resolve);
      parent.once('exit', (code) => reject(new Error(`parent exited with code ${code} before reporting its host`)));
    });
    const { host, child } = JSON.parse(firstLine) as { host: number; child: number };
    expect(isRunning(host)).toBe(true);
    expect(isRunning(child)).toBe(true);

    parent.kill('SIGKILL');
    await exited;
    const hostGoneAfter = await waitFor('the resource host is gone', () => !isRunning(host), 5_000);
    const childGoneAfter =
      hostGoneAfter + (await waitFor('the resource process is gone', () => !isRunning(child), 5_000));
    console.log(
      `kill -9 of the agent (${mode}): host gone after ${hostGoneAfter} ms, resource process after ${childGoneAfter} ms`,
    );
    return { hostGoneAfter, childGoneAfter };
  }

  it('takes its resource host and the resource processes with it (parent-death signal)', async () => {
    await killParent('setpriv');
  });

  it('still cleans up without parent-death signals: the host sees its IPC channel close', async () => {
    await killParent('plain');
  });
});
