import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import {
  createCatalog,
  executeCommand,
  groupOwner,
  groupState,
  loadClusterState,
  nodeState,
  type ClusterState,
} from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { openClusterStore } from '@wolfpack/store-connection';
import { startEtcdCluster, type EtcdCluster } from '@wolfpack/store-etcd/testing';
import { bundlePath, clusterNodes, etcdFlags, seedArguments, wolfpackdArguments } from '../../src/index.ts';
import { onHost, type MultiHostNetwork, type NetworkHost } from './network.ts';

/*
 * The distributed topology of docs/real-hosts.md on namespace hosts: on host i, etcd
 * member i (bound to the host's address, the topology's flags) and `wolfpackd --node N
 * --etcd <all three members>`; the seed written once from the administrator's machine
 * (the root namespace) with the chat server on the floating address on eth0 and the
 * group's disk in a folder every host sees (one machine: a shared temp folder).
 */

export const group = 'SOCKET_GROUP';
export const chatPort = 7000;
const dnsPort = 5354;
const leaseTtlMs = 1000;

/** One host of the cluster: its node name, its namespace, its etcd member's index. */
export interface ClusterHost {
  node: string;
  network: NetworkHost;
  member: number;
}

export class MultiHostCluster {
  readonly hosts: ClusterHost[];
  /** Lines each wolfpackd wrote (also in <dataDir>/<node>.log). */
  readonly logs = new Map<string, string[]>();
  readonly #agents = new Map<string, ChildProcess>();
  readonly #catalog = createCatalog(builtInTypeEntries());

  private constructor(
    readonly network: MultiHostNetwork,
    readonly etcd: EtcdCluster,
    /** The administrator's etcd client, in the root namespace. */
    readonly store: ClusterStore,
    readonly dataDir: string,
  ) {
    this.hosts = clusterNodes.map((node, index) => ({ node, network: network.hosts[index]!, member: index }));
  }

  /** etcd on the hosts, the seed, one wolfpackd per host; resolves when the agents are started (not yet Up). */
  static async start(network: MultiHostNetwork): Promise<MultiHostCluster> {
    const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-multi-host-'));
    // The hosts' data dirs and the shared disks are below: resource processes, run as uids of their own, must pass it.
    chmodSync(dataDir, 0o711);
    let etcd: EtcdCluster | undefined;
    try {
      etcd = await startEtcdCluster({
        members: clusterNodes.length,
        dataDir: join(dataDir, 'etcd'),
        hosts: network.hosts.map((host) => host.address),
        // Each namespace has its own ports: every member takes etcd's usual ones.
        clientPorts: network.hosts.map(() => 2379),
        peerPorts: network.hosts.map(() => 2380),
        wrap: (index) => onHost(network.hosts[index]!),
        tuned: true,
      });
      const missing = etcdFlags.filter((flag) => !etcd!.settings.includes(flag));
      if (missing.length > 0)
        throw new Error(`the etcd launcher no longer runs cluster:local's flags (missing ${missing.join(' ')})`);
      const seed = spawnSync(
        process.execPath,
        [
          bundlePath('seed'),
          ...seedArguments(etcd.endpoints, {
            sharedDir: dataDir,
            chatAddress: network.floatingAddress,
            chatPort,
            chatInterface: network.interfaceName,
            dnsPort,
            leaseTtlMs,
          }),
          '--wait-ms',
          '20000',
        ],
        { encoding: 'utf8' },
      );
      if (seed.status !== 0)
        throw new Error(`wolfpack-seed failed (exit ${seed.status}): ${seed.stdout}${seed.stderr}`);
      const store = await openClusterStore({ etcd: etcd.endpoints, dataDir });
      const cluster = new MultiHostCluster(network, etcd, store, dataDir);
      // A real LAN address: the hosts' /24, not the loopback stand-in's /32.
      await cluster.command({
        type: 'set-resource-properties',
        name: 'Chat IP Address',
        private: { PrefixLength: network.prefixLength },
      });
      for (const host of cluster.hosts) cluster.startAgent(host.node);
      return cluster;
    } catch (error) {
      await etcd?.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The group's chat history file on the shared disk. */
  get historyFile(): string {
    return join(this.dataDir, 'disks', group, 'chat', 'history.log');
  }

  host(node: string): ClusterHost {
    const found = this.hosts.find((host) => host.node === node);
    if (!found) throw new Error(`no host runs node ${node}`);
    return found;
  }

  /** The node whose host is this namespace. */
  nodeOf(namespace: string): string | undefined {
    return this.hosts.find((host) => host.network.namespace === namespace)?.node;
  }

  /** Start (or start again) the node's wolfpackd on its host. */
  startAgent(node: string): void {
    const host = this.host(node);
    const logFile = join(this.dataDir, `${node}.log`);
    const command = [
      ...onHost(host.network),
      ...(existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--'] : []),
      process.execPath,
      bundlePath('wolfpackd'),
      ...wolfpackdArguments(node, this.etcd.endpoints, join(this.dataDir, 'nodes', node)),
    ];
    mkdirSync(join(this.dataDir, 'nodes', node), { recursive: true });
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = this.logs.get(node) ?? [];
    this.logs.set(node, lines);
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      appendFileSync(logFile, text);
      lines.push(...text.split('\n').filter(Boolean));
      if (lines.length > 400) lines.splice(0, lines.length - 300);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    collect(Buffer.from(`--- ${new Date().toISOString()} started wolfpackd ${node} (pid ${child.pid})\n`));
    this.#agents.set(node, child);
  }

  /** True while the node's wolfpackd process exists (running or stopped). */
  agentRunning(node: string): boolean {
    const child = this.#agents.get(node);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Pid of the node's running wolfpackd (the `ip netns exec` child execs into it). */
  agentPid(node: string): number {
    const pid = this.#agents.get(node)?.pid;
    if (pid === undefined) throw new Error(`wolfpackd ${node} is not running`);
    return pid;
  }

  /** Send a signal to the node's wolfpackd; for SIGKILL, wait until it is gone. */
  async signalAgent(node: string, signal: NodeJS.Signals): Promise<void> {
    const child = this.#agents.get(node);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    if (signal === 'SIGKILL') await exited;
  }

  command(command: Record<string, unknown>): Promise<unknown> {
    return executeCommand(this.store, this.#catalog, 'multi-host-test', command);
  }

  /** Poll the cluster state (through etcd) until the probe returns something; store errors are retried. */
  async waitFor<T>(
    description: string,
    probe: (state: ClusterState) => T | undefined | false,
    timeoutMs = 30_000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    let lastError = '';
    let last: ClusterState | undefined;
    for (;;) {
      try {
        last = await loadClusterState(this.store);
        const result = probe(last);
        if (result !== undefined && result !== false) return result as T;
      } catch (error) {
        lastError = ` (last store error: ${(error as Error).message})`;
      }
      if (Date.now() > until) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${description}${lastError}\nlast state: ${last ? describeState(last) : 'none read'}\n${this.recentLogs()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Every node Up, the group Online on one of them, no other node holding any of it: that node. */
  stableOwner(timeoutMs = 30_000): Promise<string> {
    return this.waitFor(
      `every node Up and ${group} Online on one node`,
      (state) => {
        const owner = groupOwner(state, group);
        if (!owner || groupState(state, group) !== 'Online' || state.moveRequests.size > 0) return undefined;
        if (this.hosts.some((host) => nodeState(state, host.node) !== 'Up')) return undefined;
        if ([...state.resourceStatuses.values()].some((status) => status.node !== owner && status.state !== 'Offline'))
          return undefined;
        return owner;
      },
      timeoutMs,
    );
  }

  /** The group's placement now: its node and epoch. */
  placement(): Promise<{ node: string; epoch: number }> {
    return this.waitFor(`${group}'s placement`, (state) => state.placements.get(group));
  }

  /** The last lines of every agent's log, for failure messages. */
  recentLogs(count = 15): string {
    return [...this.logs].map(([node, lines]) => `--- ${node}\n${lines.slice(-count).join('\n')}`).join('\n');
  }

  /** Kill every agent and etcd member, close the client, remove the data (the hosts' network is the caller's). */
  async stop({ keepData = false } = {}): Promise<void> {
    await Promise.all([...this.#agents.keys()].map((node) => this.signalAgent(node, 'SIGKILL')));
    await this.store.close().catch(() => undefined);
    await this.etcd.stop().catch(() => undefined);
    if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The state in a few lines: nodes, the group's placement and resource statuses, pending requests. */
export function describeState(state: ClusterState): string {
  const nodes = [...state.nodes.keys()].map((node) => `${node} ${nodeState(state, node)}`).join(', ');
  const placement = state.placements.get(group);
  const statuses = [...state.resourceStatuses.values()]
    .map((status) => `${status.name}: ${status.state} on ${status.node}`)
    .join('; ');
  return `nodes ${nodes}; ${group} ${groupState(state, group)}, placed on ${placement?.node ?? 'nothing'} (epoch ${placement?.epoch ?? '-'}); ${statuses || 'no statuses'}; ${state.moveRequests.size} move requests`;
}
