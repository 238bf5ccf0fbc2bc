import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { createCatalog, executeCommand, type ClusterState } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openClusterStore } from '@wolfpack/store-connection';
import { localClusterInfoFile, readLocalClusterInfo } from '../../src/index.ts';
import { buildOnce } from '@wolfpack/testing/build';
// Started and watched as the launcher's own tests start `npm start`.
import { spawnLauncher, stateWaiter, waitUntilStarted } from '@wolfpack/testing/launcher-process';

// The launcher, agents and resource types, bundled once per test run.
export { buildOnce };

/** One `npm run cluster:local` launcher on a temp data dir, with its own chat address and ports. */
export interface LocalClusterRun {
  dataDir: string;
  launcher: ChildProcess;
  chatAddress: string;
  chatPort: number;
  /** Where the elected failover manager answers DNS for network names. */
  dnsPort: number;
  /** The console's URL, from the server's "Console:" line. */
  consoleUrl: string;
  /** A client of the cluster's etcd, as the server is. */
  store: ClusterStore;
  output: string[];
  /** Run an administrative command as "test", as the server would. */
  command(command: Record<string, unknown>): Promise<unknown>;
  waitFor<T>(
    description: string,
    probe: (state: ClusterState) => T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** Resolves when the launcher process has exited. */
  exited: Promise<void>;
  /** Close the store client and remove the data dir (the launcher must be gone). */
  cleanUp(): Promise<void>;
}

let nextAddress = 2 + Math.floor(Math.random() * 240);

/** Start the launcher's bundle as `npm run cluster:local` runs it, and wait for the console; `env` adds to or overrides its environment. */
export async function startLocalClusterRun(env: Record<string, string> = {}): Promise<LocalClusterRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-cluster-local-'));
  const chatAddress = `127.0.${200 + Math.floor(Math.random() * 50)}.${(nextAddress++ % 250) + 2}`;
  const chatPort = 20_000 + Math.floor(Math.random() * 20_000);
  const dnsPort = chatPort + 1;
  const started = spawnLauncher(
    'apps/cluster-local/dist/cluster-local.mjs',
    { dataDir, chatAddress, chatPort, dnsPort },
    {
      // A wolfpackd that dies is restarted, as systemd would; late enough that a node killed
      // by a test has lost its group before it returns (and its lease has surely expired).
      WOLFPACK_NODE_RESTART_MS: '3000',
      WOLFPACK_ADMIN_PASSWORD: 'cluster-local-test',
      ...env,
    },
  );
  const { launcher, output } = started;
  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));
  const consoleLine = () => output.find((line) => line.startsWith('Console: '));
  await waitUntilStarted(
    started,
    () => consoleLine() !== undefined && existsSync(localClusterInfoFile(dataDir)),
    45_000,
  );
  const consoleUrl = /Console: (\S+)/.exec(consoleLine()!)![1]!;
  const info = readLocalClusterInfo(dataDir);
  const store = await openClusterStore({
    etcd: info.etcd,
    ...(info.etcdTls ? { etcdTls: info.etcdTls } : {}),
    dataDir,
  });
  const catalog = createCatalog(builtInTypeEntries());

  return {
    dataDir,
    launcher,
    chatAddress,
    chatPort,
    dnsPort,
    consoleUrl,
    store,
    output,
    exited,
    command: (command) => executeCommand(store, catalog, 'test', command),
    waitFor: stateWaiter(store, output),
    async cleanUp() {
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
      await store.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
