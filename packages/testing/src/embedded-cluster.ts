import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import {
  createCatalog,
  executeCommand,
  invokeControl,
  loadClusterState,
  type ClusterState,
  type ControlOutcome,
} from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { spawnLauncher, stateWaiter, waitUntilStarted } from './launcher-process.ts';

export interface EmbeddedCluster {
  dataDir: string;
  chatAddress: string;
  chatPort: number;
  dnsPort: number;
  /** A real client of the cluster's store, as the server or CLI would be. */
  store: ClusterStore;
  output: string[];
  state(): Promise<ClusterState>;
  /** Run an administrative command as `actor` (default "test"). */
  command(command: Record<string, unknown>, actor?: string): Promise<unknown>;
  /** Call a resource's control code on the node that runs it. */
  control(resource: string, code: string, input?: unknown): Promise<ControlOutcome>;
  /** Poll the store until the predicate holds. */
  waitFor<T>(
    description: string,
    probe: (state: ClusterState) => T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** pid of a node's wolfpackd (from its heartbeat record). */
  nodePid(node: string): Promise<number>;
  /** The launcher's pid (gone after stop()). */
  launcherPid: number;
  /** SIGTERM the launcher and wait for it; the data dir is deleted unless it was kept. */
  stop(): Promise<void>;
}

export interface ClusterStartOptions {
  /** Start on this data dir (seeded if empty, reused otherwise) instead of a fresh one. */
  dataDir?: string;
  /** Leave the data dir in place on stop(), for a restart on the same configuration. */
  keepDataDir?: boolean;
}

let nextAddress = 100 + Math.floor(Math.random() * 100);

/**
 * Start `npm start`'s launcher with its own address and ports, on a fresh data dir or on
 * a given one (then a reused configuration answers where its stored settings say).
 */
export async function startEmbeddedCluster(
  env: Record<string, string> = {},
  options: ClusterStartOptions = {},
): Promise<EmbeddedCluster> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wolfpack-cluster-'));
  const chatAddress = `127.0.0.${nextAddress++}`;
  const chatPort = 20_000 + Math.floor(Math.random() * 20_000);
  const dnsPort = chatPort + 1;
  const started = spawnLauncher('apps/launcher/dist/launcher.mjs', { dataDir, chatAddress, chatPort, dnsPort }, env);
  const { launcher, output } = started;
  // The launcher creates the store; wait until it has seeded it.
  await waitUntilStarted(started, () => output.some((line) => line.includes(' cluster ')), 20_000);
  const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
  const catalog = createCatalog(builtInTypeEntries());
  // A reused cluster answers where its stored configuration says, not where this start asked.
  const initial = await loadClusterState(store);
  const storedAddress = initial.resources.get('Chat IP Address')?.private.Address;
  const storedPort = initial.resources.get('Chat Server')?.private.Port;

  const cluster: EmbeddedCluster = {
    dataDir,
    chatAddress: typeof storedAddress === 'string' ? storedAddress : chatAddress,
    chatPort: typeof storedPort === 'number' ? storedPort : chatPort,
    dnsPort: initial.config?.dnsPort ?? dnsPort,
    store,
    output,
    launcherPid: launcher.pid!,
    state: () => loadClusterState(store),
    command: (command, actor = 'test') => executeCommand(store, catalog, actor, command),
    control: (resource, code, input) => invokeControl(store, catalog, { resource, code, input, actor: 'test' }),
    waitFor: stateWaiter(store, output),
    async nodePid(node) {
      return cluster.waitFor(`node ${node} status`, (state) => state.nodeStatuses.get(node)?.pid);
    },
    async stop() {
      if (launcher.exitCode === null && launcher.signalCode === null) {
        const exited = new Promise((resolve) => launcher.once('exit', resolve));
        launcher.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
      }
      await store.close().catch(() => undefined);
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
