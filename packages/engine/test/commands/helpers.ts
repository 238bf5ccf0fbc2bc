import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandError,
  keys,
  type ClusterEventRecord,
  type NodeStatus,
  type Placement,
  type ResourceState,
  type ResourceStatus,
  type ResourceTypeManifest,
} from '@wolfpack/contracts';
import { executeCommand, type CommandResult } from '../../src/commands/index.ts';
import { readEvents } from '../../src/events/index.ts';
import { loadClusterState, type ClusterState } from '../../src/model/cluster-state.ts';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { createCatalog, type ResourceTypeCatalog } from '../../src/catalog/catalog.ts';

/*
 * Command tests run against the real embedded store (a fresh file per test) and the
 * real manifests of the built-in types, with stand-in engine modules (fixtures/) so
 * the tests need no built bundles. Agents are not running: tests write the node and
 * resource status records an agent would write.
 */

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function manifest(folder: string): ResourceTypeManifest {
  const path = createRequire(import.meta.url).resolve(`@wolfpack/type-${folder}/manifest.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as ResourceTypeManifest;
}

/** The built-in types' manifests; Chat Server's module refuses Port 25 (a stand-in for its validate()). */
export const catalog: ResourceTypeCatalog = createCatalog([
  { manifest: manifest('ip-address'), builtIn: true, enginePath: fixture('plain.mjs') },
  { manifest: manifest('network-name'), builtIn: true, enginePath: fixture('plain.mjs') },
  { manifest: manifest('disk'), builtIn: true, enginePath: fixture('plain.mjs') },
  { manifest: manifest('generic-application'), builtIn: true, enginePath: fixture('plain.mjs') },
  { manifest: manifest('chat-server'), builtIn: true, enginePath: fixture('chat-server.mjs') },
]);

export interface TestCluster {
  store: ClusterStore;
  dir: string;
  /** Runs a command as `admin` (unless an actor is given). */
  run(command: unknown, actor?: string): Promise<CommandResult>;
  /** Runs a command expected to be refused; returns the CommandError. */
  refuse(command: unknown, actor?: string): Promise<CommandError>;
  state(): Promise<ClusterState>;
  events(): Promise<ClusterEventRecord[]>;
  /** Every state key with its value and modRevision: equal before and after means nothing changed. */
  fingerprint(): Promise<string>;
  close(): Promise<void>;
}

export async function openTestCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-commands-'));
  const store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  await store.put(
    keys.cluster,
    JSON.stringify({
      name: 'INS_CLUS',
      description: '',
      nodeLeaseTtlMs: 1000,
      dnsAddress: '127.0.0.1',
      dnsPort: 5354,
      createdAt: 0,
    }),
  );
  const cluster: TestCluster = {
    store,
    dir,
    run: (command, actor = 'admin') => executeCommand(store, catalog, actor, command),
    async refuse(command, actor = 'admin') {
      try {
        await executeCommand(store, catalog, actor, command);
      } catch (error) {
        if (error instanceof CommandError) return error;
        throw error;
      }
      throw new Error(`expected ${JSON.stringify(command)} to be refused`);
    },
    state: () => loadClusterState(store),
    events: () => readEvents(store),
    async fingerprint() {
      const { kvs } = await store.range(keys.stateRoot);
      return JSON.stringify(kvs.map((kv) => [kv.key, kv.value, kv.modRevision]));
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** What a running wolfpackd writes: its heartbeat status (here without a lease). */
export async function markNodeUp(store: ClusterStore, name: string, phase: NodeStatus['phase'] = 'Up'): Promise<void> {
  const status: NodeStatus = { name, phase, pid: 4242, hostname: 'localhost', startedAt: 1, leaseTtlMs: 1000 };
  await store.put(keys.nodeStatus(name), JSON.stringify(status));
}

/** The agent stopped: its heartbeat status is gone. */
export async function markNodeDown(store: ClusterStore, name: string): Promise<void> {
  await store.delete(keys.nodeStatus(name));
}

/** What the failover manager writes: the group's placement. */
export async function place(store: ClusterStore, group: string, node: string, epoch = 1): Promise<void> {
  const placement: Placement = { group, node, epoch, reason: 'initial', at: 1 };
  await store.put(keys.placement(group), JSON.stringify(placement));
}

/** What an agent writes for a resource it runs. */
export async function report(
  store: ClusterStore,
  resource: string,
  group: string,
  node: string,
  state: ResourceState,
): Promise<void> {
  const status: ResourceStatus = { name: resource, group, node, epoch: 1, state, since: 2, failures: [] };
  await store.put(keys.resourceStatus(resource), JSON.stringify(status));
}

/**
 * The paper's cluster: nodes OSDB_SERV and OSDB_BACK (Up), group SOCKET_GROUP placed on
 * OSDB_SERV with IP Address, Network Name, Disk and a Chat Server depending on all three.
 */
export async function seedSocketGroup(cluster: TestCluster): Promise<void> {
  await cluster.run({ type: 'create-node', name: 'OSDB_SERV' });
  await cluster.run({ type: 'create-node', name: 'OSDB_BACK' });
  await markNodeUp(cluster.store, 'OSDB_SERV');
  await markNodeUp(cluster.store, 'OSDB_BACK');
  await cluster.run({
    type: 'create-group',
    name: 'SOCKET_GROUP',
    policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] },
  });
  await cluster.run({
    type: 'create-resource',
    name: 'Chat IP',
    group: 'SOCKET_GROUP',
    resourceType: 'IP Address',
    private: { Address: '127.0.0.84' },
  });
  await cluster.run({
    type: 'create-resource',
    name: 'Chat Name',
    group: 'SOCKET_GROUP',
    resourceType: 'Network Name',
    dependencies: ['Chat IP'],
    private: { Name: 'chat.ins-clus.test' },
  });
  await cluster.run({
    type: 'create-resource',
    name: 'Chat Disk',
    group: 'SOCKET_GROUP',
    resourceType: 'Disk',
    private: { Path: '/srv/wolfpack/disks/socket-group' },
  });
  await cluster.run({
    type: 'create-resource',
    name: 'Chat',
    group: 'SOCKET_GROUP',
    resourceType: 'Chat Server',
    dependencies: ['Chat IP', 'Chat Name', 'Chat Disk'],
    private: { MaxUser: 10 },
  });
  await place(cluster.store, 'SOCKET_GROUP', 'OSDB_SERV');
}

/**
 * Two views of real stores whose first txn each waits until both have reached it: both
 * commands decide on the same state, so the second commit must notice the first.
 * (Released after 2 s anyway, in case one command never gets to commit.)
 */
export function racingPair(first: ClusterStore, second: ClusterStore): [ClusterStore, ClusterStore] {
  let arrived = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
    setTimeout(resolve, 2000).unref();
  });
  const wrap = (store: ClusterStore): ClusterStore => {
    let waited = false;
    return new Proxy(store, {
      get(target, property) {
        if (property === 'txn') {
          return async (request: Parameters<ClusterStore['txn']>[0]) => {
            if (!waited) {
              waited = true;
              if (++arrived === 2) release();
              await gate;
            }
            return target.txn(request);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return [wrap(first), wrap(second)];
}
