import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries, findRepositoryRoot } from '@wolfpack/built-in-types';
import { createCatalog, executeCommand, loadClusterState, openEmbeddedStore } from '@wolfpack/engine';
import type { EmbeddedCluster } from './embedded-cluster.ts';

/*
 * The launcher on a data dir the test keeps: stop() leaves the store (and the disks) in
 * place, so the next start on the same dir is a cluster restarted by its administrator.
 * Like embedded-cluster.ts otherwise (which always starts fresh and deletes its dir).
 */

type Shared = 'dataDir' | 'chatAddress' | 'chatPort' | 'dnsPort' | 'store' | 'output' | 'state' | 'command' | 'waitFor' | 'nodePid';

export interface ClusterOnDir extends Pick<EmbeddedCluster, Shared> {
  /** The launcher's pid (gone after stop()). */
  launcherPid: number;
  /** SIGTERM the launcher and wait for it; the data dir stays. */
  stop(): Promise<void>;
}

// Another range than embedded-cluster.ts uses, so files running side by side never share an address.
let nextAddress = 2 + Math.floor(Math.random() * 200);

/** A fresh data dir for startClusterOn; remove it with removeDataDir when done. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'wolfpack-kept-'));
}

/** Deletes a data dir made by newDataDir. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Starts `npm start`'s launcher on `dataDir`: seeds it if empty, reuses its configuration
 * otherwise (the seed's address and ports then come from the store, not from here).
 */
export async function startClusterOn(dataDir: string, env: Record<string, string> = {}): Promise<ClusterOnDir> {
  const chatAddress = `127.0.${1 + Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 2}`;
  const chatPort = 20_000 + Math.floor(Math.random() * 20_000);
  const dnsPort = chatPort + 1;
  const output: string[] = [];
  const launcher: ChildProcess = spawn(process.execPath, [join(findRepositoryRoot(), 'apps/launcher/dist/launcher.mjs')], {
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      WOLFPACK_SEED_ADDRESS: chatAddress,
      WOLFPACK_SEED_PORT: String(chatPort),
      WOLFPACK_DNS_PORT: String(dnsPort),
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

  const deadline = Date.now() + 20_000;
  while (!output.some((line) => line.includes(' cluster '))) {
    if (launcher.exitCode !== null) throw new Error(`launcher exited: ${output.join('\n')}`);
    if (Date.now() > deadline) {
      launcher.kill('SIGKILL');
      throw new Error(`launcher did not start: ${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
  const catalog = createCatalog(builtInTypeEntries());
  // A reused cluster answers where its stored configuration says, not where this start asked.
  const initial = await loadClusterState(store);
  const storedAddress = initial.resources.get('Chat IP Address')?.private.Address;
  const storedPort = initial.resources.get('Chat Server')?.private.Port;

  const cluster: ClusterOnDir = {
    dataDir,
    chatAddress: typeof storedAddress === 'string' ? storedAddress : chatAddress,
    chatPort: typeof storedPort === 'number' ? storedPort : chatPort,
    dnsPort: initial.config?.dnsPort ?? dnsPort,
    store,
    output,
    launcherPid: launcher.pid!,
    state: () => loadClusterState(store),
    command: (command, actor = 'test') => executeCommand(store, catalog, actor, command),
    async waitFor(description, probe, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const result = probe(await loadClusterState(store));
        if (result !== undefined && result !== false) return result as never;
        if (Date.now() > until) throw new Error(`timed out waiting for ${description}\n${output.slice(-40).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
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
    },
  };
  return cluster;
}
