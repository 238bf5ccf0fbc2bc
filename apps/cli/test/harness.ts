import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type WolfpackClient } from '@wolfpack/client';
import { buildOnce } from '@wolfpack/testing/build';
import { startSeedCluster, type RunningCluster } from '@wolfpack/testing/seed-cluster';
import { repositoryRoot } from '@wolfpack/testing/repository';

/*
 * The CLI as a user runs it: the built bin in a child process, against a seed cluster
 * started the way `npm start` starts it (the e2e launcher helper), with a home folder of
 * its own so no real credentials are read or written.
 */

export const bin = join(repositoryRoot, 'apps', 'cli', 'bin', 'wolfpack.mjs');
export const adminPassword = 'cli-test-admin-password';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, ms. */
  ms: number;
}

/** A home of its own for the CLI's credentials file; removed by `remove()`. */
export function temporaryHome(): { env: Record<string, string>; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-cli-home-'));
  return {
    dir,
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Environment for the child: no WOLFPACK_* of the developer's shell, no colour. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WOLFPACK_')));
  return { ...clean, NO_COLOR: '1', ...env };
}

/** Runs `wolfpack …args` to its end. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number; bin?: string } = {},
): Promise<CliResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [options.bin ?? bin, ...args], {
    env: childEnv(options.env ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A long-running command (events --follow, status --watch), its output collected as it comes. */
export class RunningCli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly #waiters = new Set<() => void>();

  constructor(args: string[], env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, [bin, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => this.#append('stdout', chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.#append('stderr', chunk));
  }

  #append(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString();
    for (const wake of this.#waiters) wake();
  }

  /** Resolves with the time (performance.now()) at which `predicate` first held for the output. */
  until(predicate: (output: { stdout: string; stderr: string }) => boolean, timeoutMs = 15_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this)) return;
        done();
        resolve(performance.now());
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`not seen within ${timeoutMs} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Ctrl-C, and the exit code. */
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('close', (code) => resolve(code));
      this.child.kill('SIGINT');
    });
  }
}

export interface CliCluster {
  cluster: RunningCluster;
  /** The REST API's origin, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The test's own view of the cluster, signed in as admin. */
  admin: WolfpackClient;
  /** An admin API token, for --token. */
  token: string;
}

/** The seed cluster (INS_CLUS, SOCKET_GROUP Online on OSDB_SERV) and an admin token for it. */
export async function startCluster(): Promise<CliCluster> {
  if (!existsSync(join(repositoryRoot, 'apps', 'launcher', 'dist', 'launcher.mjs'))) {
    await buildOnce();
  }
  const cluster = await startSeedCluster({ adminPassword });
  try {
    const url = cluster.consoleUrl.replace(/\/+$/, '');
    const admin = await connect({ url, username: 'admin', password: adminPassword });
    await admin.waitFor((state) => state.groups.get('SOCKET_GROUP')?.state === 'Online', { timeoutMs: 30_000 });
    const { token } = await admin.tokens.create({ name: 'cli tests' });
    return { cluster, url, admin, token };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
