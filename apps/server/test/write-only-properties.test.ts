import type { LiveUpdate, WolfpackClient } from '@wolfpack/client';
import { keys } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// Generic Application's Environment is writeOnly (JSON Schema): written by an admin, run
// with by the node, read back by nobody: not an admin, not a viewer, not the live stream,
// not the event log. A view says only whether it is set.

const secret = 'sk-live-0123456789abcdef';
const replaced = 'sk-live-fedcba9876543210';

describe('writeOnly private properties', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: WolfpackClient;
  let viewer: WolfpackClient;

  beforeAll(async () => {
    storeDir = await openStoreDir('write-only admin password');
    server = await startServer(storeDir);
    admin = await server.signIn('admin', 'write-only admin password');
    await admin.users.create({ username: 'vera', password: 'viewer password', role: 'viewer' });
    viewer = await server.signIn('vera', 'viewer password');
    await admin.groups.create({ name: 'APP_GROUP' });
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('keeps the value out of every read: GET, list, /cluster, live stream and events, for admins and viewers', async () => {
    const feed = await viewer.live();
    const streamed: LiveUpdate[] = [];
    feed.subscribe((update) => streamed.push(update));
    try {
      await feed.until((state) => state.revision >= 0, 10_000);
      const created = await admin.resources.create({
        name: 'App',
        group: 'APP_GROUP',
        resourceType: 'Generic Application',
        private: { CommandLine: 'sleep 1000', Environment: { API_KEY: secret } },
      });
      expect(created.privateProperties).toEqual({ CommandLine: 'sleep 1000', CurrentDirectory: '' });
      expect(created.writeOnlySet).toEqual(['Environment']);
      await admin.resources.setProperties('App', { private: { Environment: { API_KEY: replaced } } });
      await feed.until((state) => state.resources.get('App')?.writeOnlySet?.includes('Environment') === true, 10_000);

      const reads = {
        adminGet: await admin.resources.get('App'),
        viewerGet: await viewer.resources.get('App'),
        viewerList: await viewer.resources.list(),
        adminCluster: await admin.cluster.get(),
        events: await admin.events.list({ objectKind: 'resource', objectName: 'App' }),
        streamed,
        liveState: feed.state.resources.get('App'),
      };
      expect(reads.viewerGet).toMatchObject({
        privateProperties: { CommandLine: 'sleep 1000' },
        writeOnlySet: ['Environment'],
      });
      expect(reads.events.map((event) => event.command)).toEqual(
        expect.arrayContaining(['create-resource', 'set-resource-properties']),
      );
      for (const [where, read] of Object.entries(reads)) {
        const text = JSON.stringify(read);
        expect(text, where).not.toContain(secret);
        expect(text, where).not.toContain(replaced);
        expect(text, where).not.toContain('API_KEY');
      }
      // The value is kept: the node starts the program with it.
      expect(JSON.parse((await storeDir.store.get(keys.resource('App')))?.value ?? '{}')).toMatchObject({
        private: { Environment: { API_KEY: replaced } },
      });
    } finally {
      feed.close();
    }
  });

  it('says "not set" once the value is back to its default', async () => {
    const cleared = await admin.resources.setProperties('App', { private: { Environment: null } });
    expect(cleared.writeOnlySet).toEqual([]);
    expect(cleared.privateProperties).not.toHaveProperty('Environment');
  });
});
