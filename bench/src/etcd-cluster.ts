import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries, findRepositoryRoot } from '@wolfpack/built-in-types';
import { clusterNodes, scripts, seedLeaseTtlMs, seedLocalCluster, wolfpackdArguments } from '@wolfpack/cluster-local';
import { keys } from '@wolfpack/contracts';
import { createCatalog, executeCommand, groupOwner, groupState, leaderOf, loadClusterState, nodeState, type ClusterState, type ClusterStore } from '@wolfpack/engine';
import { openClusterStore } from '@wolfpack/store-connection';
import { startEtcdCluster, type EtcdCluster } from '@wolfpack/store-etcd/testing';
import { onEmergencyExit, stopChild } from './processes.ts';

/*
 * The distributed topology of `npm run cluster:local` for benchmarks: 3 etcd members on
 * loopback with cluster:local's flags (raft heartbeat 50 ms, election timeout 250 ms),
 * the seed scenario with the third node, one wolfpackd per node (each its own process,
 * killed and restarted by the benchmark), the chat server on a loopback address.
 */

export const etcdSeedGroup = 'SOCKET_GROUP';
export const etcdNodes: readonly string[] = clusterNodes;

export interface EtcdSeedCluster {
  etcd: EtcdCluster;
  store: ClusterStore;
  chatAddress: string;
  chatPort: number;
  leaseTtlMs: number;
  /** Date.now() when the agents were started. */
  startedAt: number;
  state(): Promise<ClusterState>;
  command(command: Record<string, unknown>): Promise<unknown>;
  waitFor<T>(description: string, probe: (state: ClusterState) => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Every node Up, the group Online on one of them with nothing held elsewhere, a manager elected: its owner. */
  waitStable(timeoutMs?: number): Promise<string>;
  managerNode(): Promise<string | undefined>;
  /** kill -9 the node's wolfpackd and wait until it is gone. */
  killAgent(node: string): Promise<void>;
  startAgent(node: string): void;
  stop(): Promise<void>;
}

let nextAddress = 0;

/** Start etcd, seed it, start the agents; resolves once they are started (the caller waits for stability). */
export async function startEtcdSeedCluster(): Promise<EtcdSeedCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-etcd-'));
  nextAddress += 1;
  const chatAddress = `127.0.${150 + (process.pid % 50)}.${(nextAddress % 250) + 1}`;
  const chatPort = 20_000 + Math.floor(Math.random() * 20_000);
  const root = findRepositoryRoot();
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
      join(root, scripts.wolfpackd),
      ...wolfpackdArguments(node, etcd!.endpoints, join(dataDir, 'nodes', node)),
    ];
    mkdirSync(join(dataDir, 'nodes', node), { recursive: true });
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      output.push(...chunk.toString().split('\n').filter(Boolean));
      if (output.length > 2000) output.splice(0, output.length - 1000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    agents.set(node, child);
  };

  try {
    etcd = await startEtcdCluster({ members: etcdNodes.length, dataDir: join(dataDir, 'etcd'), tuned: true });
    store = await openClusterStore({ etcd: etcd.endpoints, dataDir });
    const catalog = createCatalog(builtInTypeEntries());
    await seedLocalCluster(store, catalog, { sharedDir: dataDir, chatAddress, chatPort, chatInterface: 'lo', dnsPort: chatPort + 1, leaseTtlMs: seedLeaseTtlMs });
    const startedAt = Date.now();
    for (const node of etcdNodes) startAgent(node);
    const opened = store;
    const cluster: EtcdSeedCluster = {
      etcd,
      store: opened,
      chatAddress,
      chatPort,
      leaseTtlMs: seedLeaseTtlMs,
      startedAt,
      state: () => loadClusterState(opened),
      command: (command) => executeCommand(opened, catalog, 'bench', command),
      async waitFor(description, probe, timeoutMs = 30_000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          // A read may fail while etcd elects a leader: poll again.
          const state = await loadClusterState(opened).catch(() => undefined);
          const result = state ? probe(state) : undefined;
          if (result !== undefined && result !== false) return result as never;
          if (Date.now() > until) throw new Error(`timed out waiting for ${description}:\n${output.slice(-40).join('\n')}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      async waitStable(timeoutMs = 30_000) {
        const owner = await cluster.waitFor(
          'a stable cluster',
          (state) => {
            const node = groupOwner(state, etcdSeedGroup);
            if (!node || groupState(state, etcdSeedGroup) !== 'Online' || state.moveRequests.size > 0) return undefined;
            if (etcdNodes.some((name) => nodeState(state, name) !== 'Up')) return undefined;
            if ([...state.resourceStatuses.values()].some((status) => status.node !== node && status.state !== 'Offline')) return undefined;
            return node;
          },
          timeoutMs,
        );
        const until = Date.now() + timeoutMs;
        while (!(await leaderOf(opened, keys.managerElection).catch(() => undefined))) {
          if (Date.now() > until) throw new Error('no failover manager elected');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return owner;
      },
      async managerNode() {
        return (await leaderOf(opened, keys.managerElection))?.value;
      },
      async killAgent(node) {
        const child = agents.get(node);
        if (child) await stopChild(child, 'SIGKILL', 1000);
      },
      startAgent,
      stop,
    };
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}
