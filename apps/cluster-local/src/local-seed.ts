import { executeCommand, type ResourceTypeCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import { seedCluster } from '@wolfpack/seed';
import { clusterNodes, type SeedSettings } from './topology.ts';

/**
 * The seed scenario of `npm start` (@wolfpack/seed's seedCluster) for the distributed
 * topology: the same cluster, group and resources, plus the third node as the last
 * preferred owner, and the chat address on `chatInterface`. Written only into an empty
 * store; returns whether it seeded.
 */
export async function seedLocalCluster(
  store: ClusterStore,
  catalog: ResourceTypeCatalog,
  seed: SeedSettings,
): Promise<boolean> {
  const seeded = await seedCluster(store, catalog, {
    dataDir: seed.sharedDir,
    chatAddress: seed.chatAddress,
    chatPort: seed.chatPort,
    dnsPort: seed.dnsPort,
    nodeLeaseTtlMs: seed.leaseTtlMs,
  });
  if (!seeded) return false;
  const run = (command: Record<string, unknown>) => executeCommand(store, catalog, 'system:seed', command);
  const [, , third] = clusterNodes;
  // The store was empty and no agent runs yet: these land before anyone acts on the seed.
  await run({ type: 'create-node', name: third, description: 'Third server: with three, any one can fail' });
  await run({ type: 'set-group-properties', name: 'SOCKET_GROUP', policy: { preferredOwners: [...clusterNodes] } });
  if (seed.chatInterface !== 'lo')
    await run({ type: 'set-resource-properties', name: 'Chat IP Address', private: { Interface: seed.chatInterface } });
  return true;
}
