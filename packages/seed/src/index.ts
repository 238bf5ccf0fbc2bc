import { join } from 'node:path';
import { keys, type ClusterConfig } from '@wolfpack/contracts';
import { executeCommand, type ResourceTypeCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';

export interface SeedOptions {
  dataDir: string;
  /** The chat server's address and port (127.0.0.84:7000 unless a test needs another). */
  chatAddress: string;
  chatPort: number;
  dnsPort: number;
  nodeLeaseTtlMs: number;
}

/**
 * The seed scenario of the MSCS paper this project starts from: cluster INS_CLUS, nodes
 * OSDB_SERV and OSDB_BACK, and SOCKET_GROUP running the chat server on 127.0.0.84
 * (a loopback stand-in for the paper's 203.230.252.84). Written only into an empty store.
 */
export async function seedCluster(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  options: SeedOptions,
): Promise<boolean> {
  if (await store.get(keys.cluster)) return false;
  // A seed interrupted before its last step left partial objects: start it over.
  await store.txn({ compare: [], success: [{ op: 'deletePrefix', prefix: keys.stateRoot }] });
  const config: ClusterConfig = {
    name: 'INS_CLUS',
    description: 'The seed cluster of the Wolfpack paper',
    nodeLeaseTtlMs: options.nodeLeaseTtlMs,
    dnsAddress: '127.0.0.1',
    dnsPort: options.dnsPort,
    createdAt: Date.now(),
  };
  const run = (command: Record<string, unknown>) => executeCommand(store, catalog, 'system:seed', command);
  await run({ type: 'create-node', name: 'OSDB_SERV', description: 'Primary server' });
  await run({ type: 'create-node', name: 'OSDB_BACK', description: 'Backup server' });
  await run({
    type: 'create-group',
    name: 'SOCKET_GROUP',
    description: 'The chat server of the paper, made cluster-aware',
    policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] },
  });
  await run({
    type: 'create-resource',
    name: 'Chat IP Address',
    group: 'SOCKET_GROUP',
    resourceType: 'IP Address',
    description: "Loopback stand-in for the paper's 203.230.252.84",
    private: { Address: options.chatAddress, PrefixLength: 32, Interface: 'lo' },
  });
  await run({
    type: 'create-resource',
    name: 'Chat Network Name',
    group: 'SOCKET_GROUP',
    resourceType: 'Network Name',
    dependencies: ['Chat IP Address'],
    private: { Name: 'SOCKET_SERVER' },
  });
  await run({
    type: 'create-resource',
    name: 'Chat Disk',
    group: 'SOCKET_GROUP',
    resourceType: 'Disk',
    description: "The group's shared disk: chat history lives here",
    private: { Path: join(options.dataDir, 'disks', 'SOCKET_GROUP') },
  });
  await run({
    type: 'create-resource',
    name: 'Chat Server',
    group: 'SOCKET_GROUP',
    resourceType: 'Chat Server',
    dependencies: ['Chat IP Address', 'Chat Network Name', 'Chat Disk'],
    private: { MaxUser: 10, Port: options.chatPort },
  });
  // The cluster record last: a half-written seed is redone on the next start.
  await store.put(keys.cluster, JSON.stringify(config));
  await run({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
  return true;
}
