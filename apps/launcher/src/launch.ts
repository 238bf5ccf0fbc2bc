#!/usr/bin/env node
// `npm start`: the embedded one-machine cluster. Seeds the store on first start, then
// runs one wolfpackd process per node and prints what the cluster does.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { apiServerAdvertised, createCatalog, followEvents, loadClusterState } from '@wolfpack/engine';
import { openEmbeddedStore, preparePrivateDataDir } from '@wolfpack/store-embedded';
import { seedCluster } from '@wolfpack/seed';
import { NodeProcesses } from './node-processes.ts';

const dataDir = resolve(process.env.WOLFPACK_DATA_DIR ?? './data');
const restartDelayMs = Number(process.env.WOLFPACK_NODE_RESTART_MS ?? 5000);
// The bundles it runs, found through their packages' exports (from src under vitest and from dist alike).
const bundle = (specifier: string) => createRequire(import.meta.url).resolve(specifier);
const print = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);

// 0700, and a umask of 077 for everything this process and its nodes and server create.
preparePrivateDataDir(dataDir);
const store = await openEmbeddedStore({ path: `${dataDir}/cluster.db` });
const catalog = createCatalog(builtInTypeEntries());
const seeded = await seedCluster(store, catalog, {
  dataDir,
  chatAddress: process.env.WOLFPACK_SEED_ADDRESS ?? '127.0.0.84',
  chatPort: Number(process.env.WOLFPACK_SEED_PORT ?? 7000),
  dnsPort: Number(process.env.WOLFPACK_DNS_PORT ?? 5354),
  nodeLeaseTtlMs: Number(process.env.WOLFPACK_LEASE_TTL_MS ?? 1000),
});
const state = await loadClusterState(store);
print(`${seeded ? 'Created' : 'Reusing'} cluster ${state.config?.name} in ${dataDir}`);

const nodes = new NodeProcesses({
  wolfpackdScript: bundle('@wolfpack/wolfpackd/bundle'),
  dataDir,
  restartDelayMs,
  print,
});
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  print(`${signal}: stopping the cluster`);
  await nodes.stopAll();
  await store.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

// The server: REST API, live state and console, another client of the same store. It
// prints the console URL (and, on first start, the admin password it generated). It starts
// first: nodes give its address to the resources they bring online (WOLFPACK_URL), so the
// seed group's processes get it too.
const serverStarted = Date.now();
nodes.startService('wolfpack server', bundle('@wolfpack/server/bundle'), { WOLFPACK_DATA_DIR: dataDir });
const advertised = await apiServerAdvertised(store, serverStarted, 30_000).catch(() => false);
if (!advertised && !stopping)
  print(
    'the server has not advertised its address within 30 s: starting the nodes anyway (resources brought online before it does get no WOLFPACK_URL)',
  );
// Stopped while waiting: start nothing more.
if (!stopping) for (const node of [...state.nodes.keys()].sort()) nodes.start(node);

// Follow the event log: the cluster's story, as it happens.
await followEvents(store, state.revision + 1, {
  onEvent: (record) => print(`${new Date(record.time).toISOString()} * ${record.message}`),
  onGap: (error) => print(`event log: ${error.message}; following again`),
});

const chat = state.resources.get('Chat Server')?.private as { Port?: number } | undefined;
const ip = state.resources.get('Chat IP Address')?.private as { Address?: string } | undefined;
print(
  `Chat: nc ${ip?.Address ?? '?'} ${chat?.Port ?? '?'}   DNS: dig @${state.config?.dnsAddress} -p ${state.config?.dnsPort} SOCKET_SERVER +short   Stop: Ctrl-C`,
);
