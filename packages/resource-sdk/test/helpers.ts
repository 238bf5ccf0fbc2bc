import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '@wolfpack/testing/build';
import { isLiveProcess } from '../src/process-table.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Bundles TypeScript fixtures into runnable .mjs files in a temp folder (node 20 runs no TS). */
export async function bundleFixtures(names: string[]): Promise<Record<string, string>> {
  const out = mkdtempSync(join(tmpdir(), 'wolfpack-sdk-'));
  const paths: Record<string, string> = {};
  for (const name of names) {
    paths[name] = await bundleForNode(join(fixtures, `${name}.ts`), join(out, `${name}.mjs`));
  }
  return paths;
}

export const fixture = (name: string): string => join(fixtures, name);

/**
 * True while a process with this pid runs. A zombie counts as gone: it is dead, only
 * waiting for a reaper (here PID 1 reaps orphans slowly, which would look like a survivor).
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return isLiveProcess(pid);
}

/** Polls until the pid is gone; returns the milliseconds it took, or undefined after the deadline. */
export async function waitGone(pid: number, deadlineMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (!alive(pid)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}
