import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { createClusterCatalog, FailoverManager, NodeAgent } from '@wolfpack/engine';
import { preparePrivateDataDir } from '@wolfpack/store-embedded';
import {
  defaultLeaseTtlMs,
  describeStore,
  leaseTtlForStore,
  openClusterStore,
  type StoreSettings,
} from '@wolfpack/store-connection';

export interface NodeDaemonOptions {
  node: string;
  dataDir: string;
  leaseTtlMs: number | undefined;
  /** Also stand as a failover manager candidate (every node does by default). */
  manager: boolean;
  /** The cluster store: etcd endpoints, or none for the embedded store in dataDir. */
  store?: StoreSettings;
}

/** Run one node: its agent and a failover manager candidacy, until SIGTERM/SIGINT. */
export async function runNodeDaemon(options: NodeDaemonOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  preparePrivateDataDir(dataDir);
  const log = (message: string) => process.stdout.write(`${new Date().toISOString()} [${options.node}] ${message}\n`);
  const settings = { ...options.store, dataDir };
  const onEtcd = (settings.etcd?.length ?? 0) > 0;

  // The TTL comes from the command line, else the cluster record; etcd grants whole seconds.
  // Calls are timed for the TTL asked for first; etcd's rounding only lengthens it.
  const store = await openClusterStore({ ...settings, leaseTtlMs: options.leaseTtlMs ?? defaultLeaseTtlMs });
  const configRecord = await store.get('/wolfpack/state/cluster');
  const configured =
    options.leaseTtlMs ??
    (configRecord ? (JSON.parse(configRecord.value) as { nodeLeaseTtlMs: number }).nodeLeaseTtlMs : defaultLeaseTtlMs);
  const ttl = leaseTtlForStore(configured, onEtcd ? 'etcd' : 'embedded');
  if (ttl !== configured) log(`lease TTL ${configured} ms rounded up to ${ttl} ms: etcd grants whole seconds`);

  // Registered types come from the store, through the agent's view of the cluster.
  let agent: NodeAgent | undefined;
  const catalog = createClusterCatalog({
    builtIns: builtInTypeEntries(),
    store,
    state: () => agent!.state,
    moduleDir: `${dataDir}/nodes/${options.node}/types`,
  });

  agent = new NodeAgent({
    store,
    node: options.node,
    catalog,
    hostScript: createRequire(import.meta.url).resolve('@wolfpack/engine/resource-host'),
    dataDir,
    leaseTtlMs: ttl,
    log,
  });
  const manager = options.manager
    ? new FailoverManager({ store, node: options.node, leaseTtlMs: ttl, log })
    : undefined;

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
  log(`wolfpackd ${options.node} running (pid ${process.pid}, ${describeStore(settings)}, data ${dataDir})`);
}
