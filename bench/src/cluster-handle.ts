import type { ChildProcess } from 'node:child_process';
import { keys } from '@wolfpack/contracts';
import {
  executeCommand,
  groupOwner,
  groupState,
  loadClusterState,
  nodeState,
  type ClusterState,
  type ResourceTypeCatalog,
} from '@wolfpack/engine';
import { leaderOf, type ClusterStore } from '@wolfpack/store';

/*
 * What the benchmarks' two seed clusters (the launcher's on the embedded store,
 * seed-cluster.ts; three wolfpackd on etcd, etcd-cluster.ts) share: a loopback address of
 * their own, the processes' output kept for errors, and reading and driving the cluster
 * through its store as an administrator's tool would.
 */

/** How a benchmark reads and drives a seed cluster through its store. */
export interface SeedProbes {
  state(): Promise<ClusterState>;
  command(command: Record<string, unknown>): Promise<unknown>;
  /** Poll the store until the probe returns something. */
  waitFor<T>(
    description: string,
    probe: (state: ClusterState) => T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** Every node Up, the group Online on one of them with nothing held elsewhere, no move pending, a manager elected: its owner. */
  waitStable(timeoutMs?: number): Promise<string>;
  /** The node the failover manager runs on now. */
  managerNode(): Promise<string | undefined>;
}

export interface ProbeSetup {
  store: ClusterStore;
  catalog: ResourceTypeCatalog;
  group: string;
  nodes: readonly string[];
  /** The cluster's recent output (collectOutput), quoted in errors. */
  output: string[];
  /** Reads may fail for a while (etcd electing a leader): poll again instead of failing. */
  readsMayFail: boolean;
  /** Why waiting longer is pointless (say, the launcher exited), or undefined. */
  ended?: () => string | undefined;
}

let nextAddress = 0;

/**
 * A free-looking loopback address (127.0.<base + pid % 50>.<n>) and port for one benchmark
 * cluster's chat server; the two cluster kinds use different bases so they never meet.
 */
export function loopbackEndpoint(base: number): { address: string; port: number } {
  nextAddress += 1;
  return {
    address: `127.0.${base + (process.pid % 50)}.${(nextAddress % 250) + 1}`,
    port: 20_000 + Math.floor(Math.random() * 20_000),
  };
}

/** Keeps the last 1000-2000 lines a child writes (stdout and stderr) in `output`. */
export function collectOutput(child: ChildProcess, output: string[]): void {
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 2000) output.splice(0, output.length - 1000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
}

/** Reading and driving the cluster in `setup.store`; commands run as the user "bench". */
export function seedProbes(setup: ProbeSetup): SeedProbes {
  const { store, catalog, group, nodes, output } = setup;
  const read = <T>(value: Promise<T>): Promise<T | undefined> =>
    setup.readsMayFail ? value.catch(() => undefined) : value;
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  const probes: SeedProbes = {
    state: () => loadClusterState(store),
    command: (command) => executeCommand(store, catalog, 'bench', command),
    async waitFor(description, probe, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const state = await read(loadClusterState(store));
        const result = state ? probe(state) : undefined;
        if (result !== undefined && result !== false) return result as never;
        const ended = setup.ended?.();
        if (ended) throw new Error(`${ended} while waiting for ${description}:\n${output.slice(-40).join('\n')}`);
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${description}:\n${output.slice(-40).join('\n')}`);
        await pause();
      }
    },
    async waitStable(timeoutMs = 30_000) {
      const owner = await probes.waitFor(
        'a stable cluster',
        (state) => {
          const node = groupOwner(state, group);
          if (!node || groupState(state, group) !== 'Online' || state.moveRequests.size > 0) return undefined;
          if (nodes.some((name) => nodeState(state, name) !== 'Up')) return undefined;
          // Every status is the owner's: the previous owner has let go of everything.
          if ([...state.resourceStatuses.values()].some((status) => status.node !== node && status.state !== 'Offline'))
            return undefined;
          return node;
        },
        timeoutMs,
      );
      const until = Date.now() + timeoutMs;
      while (!(await read(leaderOf(store, keys.managerElection)))) {
        if (Date.now() > until) throw new Error('no failover manager elected');
        await pause();
      }
      return owner;
    },
    async managerNode() {
      return (await leaderOf(store, keys.managerElection))?.value;
    },
  };
  return probes;
}
