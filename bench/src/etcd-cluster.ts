import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import {
  bundlePath,
  clusterNodes,
  seedLeaseTtlMs,
  seedLocalCluster,
  wolfpackdArguments,
} from '@wolfpack/cluster-local';
import { createCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openClusterStore } from '@wolfpack/store-connection';
import { startEtcdCluster, type EtcdCluster } from '@wolfpack/store-etcd/testing';
import { freeEtcdPorts } from '@wolfpack/testing/ports';
import { collectOutput, loopbackEndpoint, seedProbes, type SeedProbes } from './cluster-handle.ts';
import { onEmergencyExit, stopChild } from './processes.ts';

/*
 * The distributed topology of `npm run cluster:local` for benchmarks: 3 etcd members on
 * loopback with cluster:local's flags (raft heartbeat 50 ms, election timeout 250 ms),
 * the seed scenario with the third node, one wolfpackd per node (each its own process,
 * killed and restarted by the benchmark), the chat server on a loopback address.
 */

export const etcdSeedGroup = 'SOCKET_GROUP';
export const etcdNodes: readonly string[] = clusterNodes;

export interface EtcdSeedCluster extends SeedProbes {
  etcd: EtcdCluster;
  store: ClusterStore;
  chatAddress: string;
  chatPort: number;
  leaseTtlMs: number;
  /** Date.now() when the agents were started. */
  startedAt: number;
  /** kill -9 the node's wolfpackd and wait until it is gone. */
  killAgent(node: string): Promise<void>;
  startAgent(node: string): void;
  stop(): Promise<void>;
}

/** Start etcd, seed it, start the agents; resolves once they are started (the caller waits for stability). */
export async function startEtcdSeedCluster(): Promise<EtcdSeedCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-etcd-'));
  const { address: chatAddress, port: chatPort } = loopbackEndpoint(150);
  const agents = new Map<string, ChildProcess>();
  const output: string[] = [];
  let etcd: EtcdCluster | undefined;
  let store: ClusterStore | undefined;

  const killAll = () => {
    for (const child of agents.values()) child.kill('SIGKILL');
  };
  const forget = onEmergencyExit(() => {
    killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const stop = async () => {
    await Promise.all([...agents.values()].map((child) => stopChild(child, 'SIGKILL', 1000)));
    await store?.close().catch(() => undefined);
    await etcd?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  };

  const startAgent = (node: string) => {
    const command = [
      ...(existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--'] : []),
      process.execPath,
      bundlePath('wolfpackd'),
      ...wolfpackdArguments(node, etcd!.endpoints, join(dataDir, 'nodes', node)),
    ];
    mkdirSync(join(dataDir, 'nodes', node), { recursive: true });
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    collectOutput(child, output);
    agents.set(node, child);
  };

  try {
    const ports = await freeEtcdPorts(etcdNodes.length);
    etcd = await startEtcdCluster({ members: etcdNodes.length, dataDir: join(dataDir, 'etcd'), tuned: true, ...ports });
    store = await openClusterStore({ etcd: etcd.endpoints, dataDir });
    const catalog = createCatalog(builtInTypeEntries());
    await seedLocalCluster(store, catalog, {
      sharedDir: dataDir,
      chatAddress,
      chatPort,
      chatInterface: 'lo',
      dnsPort: chatPort + 1,
      leaseTtlMs: seedLeaseTtlMs,
    });
    const startedAt = Date.now();
    for (const node of etcdNodes) startAgent(node);
    const opened = store;
    return {
      ...seedProbes({ store: opened, catalog, group: etcdSeedGroup, nodes: etcdNodes, output, readsMayFail: true }),
      etcd,
      store: opened,
      chatAddress,
      chatPort,
      leaseTtlMs: seedLeaseTtlMs,
      startedAt,
      async killAgent(node) {
        const child = agents.get(node);
        if (child) await stopChild(child, 'SIGKILL', 1000);
      },
      startAgent,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
