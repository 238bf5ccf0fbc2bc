import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { createCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { collectOutput, loopbackEndpoint, seedProbes, type SeedProbes } from './cluster-handle.ts';
import { killClusterProcesses, onEmergencyExit, stopChild } from './processes.ts';

/*
 * The seed cluster of `npm start` (INS_CLUS: OSDB_SERV, OSDB_BACK, SOCKET_GROUP with its
 * chat server), started through the real launcher on a temp data dir with its own
 * loopback address and ports. The benchmark talks to the same embedded store file, as
 * an administrator's tool would.
 */

export const seedGroup = 'SOCKET_GROUP';
export const seedNodes = ['OSDB_SERV', 'OSDB_BACK'] as const;

export interface SeedCluster extends SeedProbes {
  dataDir: string;
  chatAddress: string;
  chatPort: number;
  /** Date.now() when the launcher was started. */
  startedAt: number;
  store: ClusterStore;
  /** The launcher's output (its nodes' logs and the event log), for errors. */
  output: string[];
  stop(): Promise<void>;
}

/** Start the launcher on a fresh data dir; resolves once SOCKET_GROUP is Online. */
export async function startSeedCluster(env: Record<string, string> = {}): Promise<SeedCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-'));
  const { address: chatAddress, port: chatPort } = loopbackEndpoint(200);
  const output: string[] = [];
  const startedAt = Date.now();
  const launcher: ChildProcess = spawn(
    process.execPath,
    [createRequire(import.meta.url).resolve('@wolfpack/launcher/bundle')],
    {
      env: {
        ...process.env,
        WOLFPACK_DATA_DIR: dataDir,
        WOLFPACK_SEED_ADDRESS: chatAddress,
        WOLFPACK_SEED_PORT: String(chatPort),
        WOLFPACK_DNS_PORT: String(chatPort + 1),
        WOLFPACK_NODE_RESTART_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const forget = onEmergencyExit(() => {
    launcher.kill('SIGKILL');
    killClusterProcesses(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  collectOutput(launcher, output);

  let store: ClusterStore | undefined;
  const stop = async () => {
    await stopChild(launcher, 'SIGTERM', 15_000);
    await store?.close().catch(() => undefined);
    // Anything the launcher could not stop (it was killed, or a node hung) goes now.
    const leftovers = killClusterProcesses(dataDir);
    if (leftovers > 0) process.stderr.write(`[bench] killed ${leftovers} leftover processes of ${dataDir}\n`);
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  };

  try {
    const deadline = Date.now() + 30_000;
    while (!output.some((line) => line.includes(' cluster '))) {
      if (launcher.exitCode !== null) throw new Error(`launcher exited (${launcher.exitCode}):\n${output.join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`launcher did not seed the cluster within 30 s:\n${output.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const opened = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
    store = opened;
    const probes = seedProbes({
      store: opened,
      catalog: createCatalog(builtInTypeEntries()),
      group: seedGroup,
      nodes: seedNodes,
      output,
      readsMayFail: false,
      ended: () => (launcher.exitCode !== null ? `launcher exited (${launcher.exitCode})` : undefined),
    });
    return { ...probes, dataDir, chatAddress, chatPort, startedAt, store: opened, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
