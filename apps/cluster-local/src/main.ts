#!/usr/bin/env node
// `npm run cluster:local`: the distributed mode on one machine. Three etcd members, the
// seed written once, one wolfpackd per node and the server, each a process of its own
// with its own ports and data folder under WOLFPACK_DATA_DIR (default ./data/cluster-local).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiServerAdvertised, followEvents, loadClusterState } from '@wolfpack/engine';
import type { ClusterStore, Watch } from '@wolfpack/store';
import { preparePrivateDataDir } from '@wolfpack/store-embedded';
import { openClusterStore } from '@wolfpack/store-connection';
import type { EtcdCluster } from '@wolfpack/store-etcd/testing';
import { localClusterInfoFile, type LocalClusterInfo } from './local-cluster-info.ts';
import { startLocalEtcd } from './local-etcd.ts';
import { bundlePath } from './bundles.ts';
import { ProcessSupervisor } from './supervisor.ts';
import {
  etcdClientEnvironment,
  etcdFlags,
  type scripts,
  seedArguments,
  seedLeaseTtlMs,
  serverArguments,
  wolfpackdArguments,
  type SeedSettings,
} from './topology.ts';

const dataDir = resolve(process.env.WOLFPACK_DATA_DIR ?? './data/cluster-local');
const print = (line: string) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
const nodeScript = (script: keyof typeof scripts) => [process.execPath, bundlePath(script)];

const supervisor = new ProcessSupervisor({
  restartDelayMs: Number(process.env.WOLFPACK_NODE_RESTART_MS ?? 5000),
  print,
});
let etcd: EtcdCluster | undefined;
let store: ClusterStore | undefined;
let events: Watch | undefined;
const nodeServices: string[] = [];
let stopping = false;

/** Nodes first (they take their resources offline through etcd), then the server, etcd last. */
const stop = async (reason: string, exitCode = 0) => {
  if (stopping) {
    print(`${reason} again: killing everything now`);
    supervisor.killAll();
    await etcd?.stop().catch(() => undefined);
    process.exit(1);
  }
  stopping = true;
  print(`${reason}: stopping the cluster`);
  await supervisor.stop(nodeServices);
  await supervisor.stop(['wolfpack server']);
  await events?.cancel().catch(() => undefined);
  await store?.close().catch(() => undefined);
  await etcd?.stop().catch(() => undefined);
  process.exit(exitCode);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));

try {
  preparePrivateDataDir(dataDir);
  etcd = await startLocalEtcd(dataDir);
  const endpoints = etcd.endpoints;
  // Every process reaches etcd with the client certificate, as in docker-compose.yml.
  const etcdClient = etcd.tls ? etcdClientEnvironment(etcd.tls) : {};
  const etcdTls = etcd.tls
    ? { caFile: etcd.tls.caFile, certFile: etcd.tls.clientCertFile, keyFile: etcd.tls.clientKeyFile }
    : undefined;
  const security = etcd.tls
    ? `TLS with client certificates from ${etcd.tls.dir}`
    : 'plain http: this data dir predates TLS; remove it to get TLS';
  print(
    `etcd: ${endpoints.join(',')} (${etcd.members.length} members, ${etcdFlags.slice(0, 2).join(' ')}, ${security}; data and logs in ${join(dataDir, 'etcd')})`,
  );
  const info: LocalClusterInfo = {
    etcd: endpoints,
    ...(etcdTls ? { etcdTls } : {}),
    launcherPid: process.pid,
    dataDir,
  };
  writeFileSync(localClusterInfoFile(dataDir), `${JSON.stringify(info, null, 2)}\n`);

  // The seed step, as docker-compose.yml runs it: a no-op on a seeded store.
  const seed: SeedSettings = {
    sharedDir: dataDir,
    chatAddress: process.env.WOLFPACK_SEED_ADDRESS ?? '127.0.0.84',
    chatPort: Number(process.env.WOLFPACK_SEED_PORT ?? 7000),
    chatInterface: 'lo',
    dnsPort: Number(process.env.WOLFPACK_DNS_PORT ?? 5354),
    leaseTtlMs: Number(process.env.WOLFPACK_LEASE_TTL_MS ?? seedLeaseTtlMs),
  };
  const seedExit = await supervisor.run(
    'wolfpack-seed',
    [...nodeScript('seed'), ...seedArguments(endpoints, seed)],
    etcdClient,
  );
  if (seedExit !== 0) throw new Error(`wolfpack-seed failed (exit ${seedExit})`);

  store = await openClusterStore({ etcd: endpoints, ...(etcdTls ? { etcdTls } : {}), dataDir });
  const state = await loadClusterState(store);
  print(`Running cluster ${state.config?.name} on etcd, data in ${dataDir}`);

  // The server: REST API, live state and console; PORT, HOST and WOLFPACK_ADMIN_PASSWORD as for npm start.
  // First, as npm start does: nodes give its address to the resources they bring online (WOLFPACK_URL).
  const serverStarted = Date.now();
  supervisor.start('wolfpack server', [...nodeScript('server'), ...serverArguments(endpoints)], {
    ...etcdClient,
    WOLFPACK_DATA_DIR: join(dataDir, 'server'),
  });
  const advertised = await apiServerAdvertised(store, serverStarted, 30_000).catch(() => false);
  if (!advertised && !stopping)
    print('the server has not advertised its address within 30 s: starting the nodes anyway');
  // Stopped while waiting: start nothing more.
  for (const node of stopping ? [] : [...state.nodes.keys()].sort()) {
    const name = `wolfpackd ${node}`;
    supervisor.start(
      name,
      [...nodeScript('wolfpackd'), ...wolfpackdArguments(node, endpoints, join(dataDir, 'nodes', node))],
      etcdClient,
    );
    nodeServices.push(name);
  }

  // Follow the event log: the cluster's story, as it happens.
  events = await followEvents(store, state.revision + 1, {
    onEvent: (record) => print(`${new Date(record.time).toISOString()} * ${record.message}`),
    onGap: (error) => print(`event log: ${error.message}; following again`),
  });

  const chat = state.resources.get('Chat Server')?.private as { Port?: number } | undefined;
  const ip = state.resources.get('Chat IP Address')?.private as { Address?: string } | undefined;
  print(
    `Chat: nc ${ip?.Address ?? '?'} ${chat?.Port ?? '?'}   DNS: dig @${state.config?.dnsAddress} -p ${state.config?.dnsPort} SOCKET_SERVER +short   Stop: Ctrl-C`,
  );
} catch (error) {
  print(`cluster:local: ${(error as Error).message}`);
  await stop('start-up failed', 1);
}
