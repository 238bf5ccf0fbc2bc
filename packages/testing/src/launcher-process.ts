import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { loadClusterState, type ClusterState } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { repositoryRoot } from './repository.ts';

/*
 * A launcher bundle run by a test the way `npm start` (apps/launcher) or `npm run
 * cluster:local` (apps/cluster-local) runs it: on a data dir of the test's own, the seed
 * group's chat server on an address and port of its own, and the cluster read through its
 * store. embedded-cluster.ts and apps/cluster-local/test/support/local-cluster-run.ts use it.
 */

export interface LauncherProcess {
  launcher: ChildProcess;
  /** Every line the launcher wrote (its nodes' logs, the event log, the server's lines). */
  output: string[];
}

export interface SeedEndpoint {
  dataDir: string;
  chatAddress: string;
  chatPort: number;
  /** Where the failover manager answers DNS. */
  dnsPort: number;
}

/**
 * Spawns `bundle` (a path from the repository root) on the seed endpoint, with the server on
 * a port of its own and no node restarts unless `env` says otherwise; collects its output.
 */
export function spawnLauncher(bundle: string, seed: SeedEndpoint, env: Record<string, string> = {}): LauncherProcess {
  const output: string[] = [];
  const launcher = spawn(process.execPath, [join(repositoryRoot, bundle)], {
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: seed.dataDir,
      WOLFPACK_SEED_ADDRESS: seed.chatAddress,
      WOLFPACK_SEED_PORT: String(seed.chatPort),
      WOLFPACK_DNS_PORT: String(seed.dnsPort),
      WOLFPACK_NODE_RESTART_MS: '0',
      // The server too listens on a port of its own, not npm start's 8080.
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  launcher.stdout?.on('data', collect);
  launcher.stderr?.on('data', collect);
  return { launcher, output };
}

/** Waits until `started()` holds; if the launcher ends or `timeoutMs` passes first, kills it and throws with its output. */
export async function waitUntilStarted(
  { launcher, output }: LauncherProcess,
  started: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started()) {
    const ended = launcher.exitCode !== null || launcher.signalCode !== null;
    if (ended || Date.now() > deadline) {
      launcher.kill('SIGKILL');
      const why = ended
        ? `exited (${launcher.exitCode ?? launcher.signalCode}) before it started`
        : `did not start within ${timeoutMs} ms`;
      throw new Error(`the launcher ${why}:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls the store until the probe returns something; a timeout quotes the launcher's last 40 lines. */
export function stateWaiter(store: ClusterStore, output: string[]) {
  return async <T>(
    description: string,
    probe: (state: ClusterState) => T | undefined | false,
    timeoutMs = 20_000,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const result = probe(await loadClusterState(store));
      if (result !== undefined && result !== false) return result;
      if (Date.now() > until) throw new Error(`timed out waiting for ${description}\n${output.slice(-40).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
}
