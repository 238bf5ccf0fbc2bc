import type { ClusterSnapshot, LiveChangeOf } from '@wolfpack/contracts';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { clusterSnapshot, createCatalog, groupOwner, groupState, loadClusterState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { buildOnce, startLiveServer, type LiveServer } from './harness.ts';
import { LiveClient } from './live-client.ts';

/*
 * End to end: `npm start`'s embedded cluster (real wolfpackd processes, a real chat
 * server), and a socket.io client of /live watching SOCKET_GROUP move. LiveClient, not
 * @wolfpack/client's LiveFeed: the test stays disconnected while the group moves back, then
 * checks that the resume brings exactly what it missed (a feed reconnects at once).
 */

const withoutRevision = (cluster: ClusterSnapshot) => ({ ...cluster, revision: 0 });

describe('live state of the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let server: LiveServer;
  const catalog = createCatalog(builtInTypeEntries());

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    server = await startLiveServer(cluster.store, catalog);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
  });

  const settledOn = (node: string) =>
    cluster.waitFor(
      `SOCKET_GROUP Online on ${node}`,
      (state) => groupOwner(state, 'SOCKET_GROUP') === node && groupState(state, 'SOCKET_GROUP') === 'Online',
    );

  /**
   * The client ends where the store is. The cluster keeps writing (events, statuses), so:
   * read the store, wait until the hub has processed that revision and its batch reached
   * the client, compare; retry while something moved in between.
   */
  async function expectSameAsStore(live: LiveClient): Promise<void> {
    let fresh: ClusterSnapshot | undefined;
    const deadline = Date.now() + 15_000;
    for (;;) {
      fresh = clusterSnapshot(await loadClusterState(cluster.store), catalog);
      const hub = server.app.live.hub;
      if (hub.revision >= fresh.revision && (live.revision ?? -1) <= fresh.revision) {
        // Let the hub's last batch reach the client, then compare.
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (JSON.stringify(withoutRevision(live.state.snapshot())) === JSON.stringify(withoutRevision(fresh))) break;
      }
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(withoutRevision(live.state.snapshot())).toEqual(withoutRevision(fresh!));
    expect(live.disorder).toEqual([]);
  }

  const socketGroup = (live: LiveClient) => live.state.groups.get('SOCKET_GROUP');

  test('a client sees SOCKET_GROUP move to OSDB_BACK, then resumes after a disconnect', async () => {
    await settledOn('OSDB_SERV');
    const live = new LiveClient(server.url);
    try {
      await live.connect();
      await live.waitForSnapshot();
      expect(live.messages[0]!.type).toBe('snapshot');
      expect(socketGroup(live)).toMatchObject({ ownerNode: 'OSDB_SERV', state: 'Online' });

      const mark = live.messages.length;
      await cluster.command({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_BACK' });
      await live.waitFor(
        'SOCKET_GROUP Online on OSDB_BACK',
        () => socketGroup(live)?.ownerNode === 'OSDB_BACK' && socketGroup(live)?.state === 'Online',
        30_000,
      );
      const during = live.messages.slice(mark);
      expect(during.every((message) => message.type === 'changes')).toBe(true);
      const revisions = during.map((message) => message.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(new Set(revisions).size).toBe(revisions.length);
      // The command's audit event and the chat server's own transitions came through.
      expect(live.events).toContainEqual(
        expect.objectContaining({ kind: 'command', command: 'move-group', actor: 'test', result: 'ok' }),
      );
      const serverStates = live
        .changesFrom(mark)
        .flatMap((message) => message.changes)
        .filter(
          (change): change is LiveChangeOf<'resource'> => change.kind === 'resource' && change.name === 'Chat Server',
        )
        .map((change) => `${change.value?.state}@${change.value?.ownerNode}`);
      expect(serverStates.at(-1)).toBe('Online@OSDB_BACK');
      await expectSameAsStore(live);

      // Disconnected while the group moves back; the resume brings exactly what happened.
      live.close();
      const left = live.revision!;
      await cluster.command({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_SERV' });
      await settledOn('OSDB_SERV');
      const reconnectAt = live.messages.length;
      await live.connect();
      await live.waitFor(
        'SOCKET_GROUP back on OSDB_SERV',
        () => socketGroup(live)?.ownerNode === 'OSDB_SERV' && socketGroup(live)?.state === 'Online',
        30_000,
      );
      expect(live.messages[reconnectAt]).toMatchObject({ type: 'changes' });
      expect(live.messages[reconnectAt]!.revision).toBeGreaterThan(left);
      const eventNames = live.events.map((event) => `${event.revision}:${event.message}`);
      expect(new Set(eventNames).size).toBe(eventNames.length); // no event twice
      await expectSameAsStore(live);
    } finally {
      live.close();
    }
  }, 120_000);
});
