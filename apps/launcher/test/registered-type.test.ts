import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '@wolfpack/contracts';
import { createClusterCatalog, executeCommand, groupOwner, loadClusterState, resourceState } from '@wolfpack/engine';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { markerEngineModule, markerManifest } from '@wolfpack/testing/marker-type';

// A type registered at run time (its module text in the store) runs on whichever node
// owns its group, without restarting any agent. The type is the server tests' marker type,
// stored as the server stores a registration without a panel.
const manifest = markerManifest('Marker File', '1.0.0', false);

describe('a resource type registered at run time', () => {
  let cluster: EmbeddedCluster;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    await cluster.store.txn({
      compare: [],
      success: [
        { op: 'put', key: keys.typeModule(manifest.name, manifest.version, 'engine.mjs'), value: markerEngineModule },
        { op: 'put', key: keys.resourceType(manifest.name), value: JSON.stringify(manifest) },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it("is validated by its own module and comes online on the group's owner", async () => {
    let state = await loadClusterState(cluster.store);
    const catalog = createClusterCatalog({
      builtIns: builtInTypeEntries(),
      store: cluster.store,
      state: () => state,
      moduleDir: join(cluster.dataDir, 'test-types'),
    });
    const run = (command: Record<string, unknown>) => executeCommand(cluster.store, catalog, 'admin', command);
    await run({ type: 'create-group', name: 'MARKER_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } });
    await expect(
      run({
        type: 'create-resource',
        name: 'Marker',
        group: 'MARKER_GROUP',
        resourceType: 'Marker File',
        private: { Text: 'forbidden' },
      }),
    ).rejects.toMatchObject({
      fields: [{ path: 'private.Text', message: 'Text must not be "forbidden"' }],
    });
    await run({
      type: 'create-resource',
      name: 'Marker',
      group: 'MARKER_GROUP',
      resourceType: 'Marker File',
      private: { Text: 'from the store' },
    });
    await run({ type: 'bring-group-online', name: 'MARKER_GROUP' });
    state = await cluster.waitFor('Marker Online', (s) => resourceState(s, 'Marker') === 'Online' && s);
    const owner = groupOwner(state, 'MARKER_GROUP')!;
    const marker = join(cluster.dataDir, 'nodes', owner, 'resources', 'Marker', 'marker.txt');
    expect(readFileSync(marker, 'utf8')).toBe(`${owner}:from the store`);
    const outcome = await cluster.control('Marker', 'read-marker');
    expect(outcome.result).toBe(`${owner}:from the store`);
    await run({ type: 'take-group-offline', name: 'MARKER_GROUP' });
    await cluster.waitFor('Marker Offline', (s) => resourceState(s, 'Marker') === 'Offline');
    expect(existsSync(marker)).toBe(false);
  });
});
