import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries, findRepositoryRoot } from '@wolfpack/built-in-types';
import { keys } from '@wolfpack/contracts';
import {
  createCatalog,
  executeCommand,
  groupOwner,
  groupState,
  leaderOf,
  loadClusterState,
  nodeState,
  openEmbeddedStore,
  type ClusterState,
  type ClusterStore,
} from '@wolfpack/engine';
import { killClusterProcesses, onEmergencyExit, stopChild } from './processes.ts';

/*
 * The seed cluster of `npm start` (INS_CLUS: OSDB_SERV, OSDB_BACK, SOCKET_GROUP with its
 * chat server), started through the real launcher on a temp data dir with its own
 * loopback address and ports. The benchmark talks to the same embedded store file, as
 * an administrator's tool would.
 */

export const seedGroup = 'SOCKET_GROUP';
export const seedNodes = ['OSDB_SERV', 'OSDB_BACK'] as const;

export interface SeedCluster {
  dataDir: string;
  chatAddress: string;
  chatPort: number;
  /** Date.now() when the launcher was started. */
  startedAt: number;
  store: ClusterStore;
  /** The launcher's output (its nodes' logs and the event log), for errors. */
  output: string[];
  state(): Promise<ClusterState>;
  command(command: Record<string, unknown>): Promise<unknown>;
  /** Poll the store until the probe returns something. */
  waitFor<T>(description: string, probe: (state: ClusterState) => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** SOCKET_GROUP Online on its owner, both nodes Up, a manager elected, no move pending: the owner. */
  waitStable(timeoutMs?: number): Promise<string>;
  /** The node the failover manager runs on now. */
  managerNode(): Promise<string | undefined>;
  stop(): Promise<void>;
}

let nextAddress = 0;

/** A free-looking loopback address and port range for one benchmark cluster. */
function endpoint(): { address: string; port: number } {
  nextAddress += 1;
  const address = `127.0.${200 + (process.pid % 50)}.${(nextAddress % 250) + 1}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  return { address, port };
}

/** Start the launcher on a fresh data dir; resolves once SOCKET_GROUP is Online. */
export async function startSeedCluster(env: Record<string, string> = {}): Promise<SeedCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-'));
  const { address: chatAddress, port: chatPort } = endpoint();
  const output: string[] = [];
  const startedAt = Date.now();
  const launcher: ChildProcess = spawn(process.execPath, [join(findRepositoryRoot(), 'apps/launcher/dist/launcher.mjs')], {
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
  });
  const forget = onEmergencyExit(() => {
    launcher.kill('SIGKILL');
    killClusterProcesses(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 2000) output.splice(0, output.length - 1000);
  };
  launcher.stdout?.on('data', collect);
  launcher.stderr?.on('data', collect);

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
      if (Date.now() > deadline) throw new Error(`launcher did not seed the cluster within 30 s:\n${output.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const opened = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
    store = opened;
    const catalog = createCatalog(builtInTypeEntries());
    const cluster: SeedCluster = {
      dataDir,
      chatAddress,
      chatPort,
      startedAt,
      store: opened,
      output,
      state: () => loadClusterState(opened),
      command: (command) => executeCommand(opened, catalog, 'bench', command),
      async waitFor(description, probe, timeoutMs = 30_000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const result = probe(await loadClusterState(opened));
          if (result !== undefined && result !== false) return result as never;
          if (launcher.exitCode !== null) throw new Error(`launcher exited while waiting for ${description}:\n${output.slice(-40).join('\n')}`);
          if (Date.now() > until) throw new Error(`timed out waiting for ${description}:\n${output.slice(-40).join('\n')}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      async waitStable(timeoutMs = 30_000) {
        const owner = await cluster.waitFor(
          'a stable cluster',
          (state) => {
            const node = groupOwner(state, seedGroup);
            if (!node || groupState(state, seedGroup) !== 'Online' || state.moveRequests.size > 0) return undefined;
            if (seedNodes.some((name) => nodeState(state, name) !== 'Up')) return undefined;
            // Every status is the owner's: the previous owner has let go of everything.
            if ([...state.resourceStatuses.values()].some((status) => status.node !== node && status.state !== 'Offline')) return undefined;
            return node;
          },
          timeoutMs,
        );
        const until = Date.now() + timeoutMs;
        while (!(await leaderOf(opened, keys.managerElection))) {
          if (Date.now() > until) throw new Error('no failover manager elected');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return owner;
      },
      async managerNode() {
        return (await leaderOf(opened, keys.managerElection))?.value;
      },
      stop,
    };
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}
