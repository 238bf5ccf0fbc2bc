import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInTypeEntries, findRepositoryRoot } from '@wolfpack/built-in-types';
import { createClusterCatalog, FailoverManager, NodeAgent, openEmbeddedStore } from '@wolfpack/engine';

export interface NodeDaemonOptions {
  node: string;
  dataDir: string;
  leaseTtlMs: number | undefined;
  /** Also stand as a failover manager candidate (every node does by default). */
  manager: boolean;
}

/** Run one node: its agent and a failover manager candidacy, until SIGTERM/SIGINT. */
export async function runNodeDaemon(options: NodeDaemonOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log = (message: string) => process.stdout.write(`${new Date().toISOString()} [${options.node}] ${message}\n`);
  const store = await openEmbeddedStore({ path: `${dataDir}/cluster.db` });
  // Registered types come from the store, through the agent's view of the cluster.
  let agent: NodeAgent | undefined;
  const catalog = createClusterCatalog({
    builtIns: builtInTypeEntries(),
    store,
    state: () => agent!.state,
    moduleDir: `${dataDir}/nodes/${options.node}/types`,
  });
  const root = findRepositoryRoot();

  const configRecord = await store.get('/wolfpack/state/cluster');
  const ttl = options.leaseTtlMs ?? (configRecord ? (JSON.parse(configRecord.value) as { nodeLeaseTtlMs: number }).nodeLeaseTtlMs : 1000);

  agent = new NodeAgent({
    store,
    node: options.node,
    catalog,
    hostScript: `${root}/packages/engine/dist/resource-host.mjs`,
    dataDir,
    leaseTtlMs: ttl,
    log,
  });
  const manager = options.manager ? new FailoverManager({ store, node: options.node, leaseTtlMs: ttl, startedAt: Date.now(), log }) : undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: taking resources offline and leaving the cluster`);
    await manager?.stop().catch(() => undefined);
    await agent.stop({ graceful: true }).catch((error: Error) => log(`stop: ${error.message}`));
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await agent.start();
  manager?.start();
  log(`wolfpackd ${options.node} running (pid ${process.pid}, data ${dataDir})`);
}
