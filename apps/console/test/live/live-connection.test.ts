import { QueryClient } from '@tanstack/react-query';
import type { LiveChanges } from '@wolfpack/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterCache } from '../../src/live/cluster-cache.ts';
import { installClusterDefaults } from '../../src/live/cluster-query.ts';
import { LiveConnection, liveBatchMark } from '../../src/live/live-connection.ts';
import { LiveSync } from '../../src/live/live-sync.ts';
import { queryKeys } from '../../src/live/query-keys.ts';
import { group, seedSnapshot } from '../fixtures.ts';
import { FakeFeed } from './fake-feed.ts';

function setup() {
  const queryClient = new QueryClient();
  installClusterDefaults(queryClient);
  const sync = new LiveSync(queryClient);
  const feeds: FakeFeed[] = [];
  const onUnauthorized = vi.fn();
  const onReconnected = vi.fn();
  const connection = new LiveConnection({
    sync,
    open: async () => {
      const feed = new FakeFeed();
      feeds.push(feed);
      return feed;
    },
    onUnauthorized,
    onReconnected,
  });
  return { queryClient, sync, feeds, connection, onUnauthorized, onReconnected };
}

const opened = () => new Promise((resolve) => setTimeout(resolve, 0));
const cluster = (queryClient: QueryClient) => queryClient.getQueryData<ClusterCache>(queryKeys.cluster);
const moved = (revision: number, ownerNode: string): LiveChanges => ({
  revision,
  changes: [{ kind: 'group', name: 'SOCKET_GROUP', value: group('SOCKET_GROUP', { ownerNode }) }],
});

afterEach(() => performance.clearMarks(liveBatchMark));

describe("LiveConnection over the client's LiveFeed", () => {
  it('writes the snapshot and every batch into the query cache, at the revision the feed resumes from', async () => {
    const { queryClient, sync, feeds, connection } = setup();
    connection.start();
    await opened();
    const feed = feeds[0]!;
    feed.setStatus('connected');
    expect(connection.status.state).toBe('connected');
    feed.snapshot({ revision: 10, cluster: seedSnapshot(10) });
    expect(cluster(queryClient)?.groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_SERV');
    feed.changes(moved(12, 'OSDB_BACK'));
    expect(cluster(queryClient)?.groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_BACK');
    expect(sync.revision).toBe(12);
    expect(feed.state.revision).toBe(sync.revision);
    connection.stop();
  });

  it('marks each batch for User Timing (the latest only)', async () => {
    const { feeds, connection } = setup();
    connection.start();
    await opened();
    feeds[0]!.snapshot({ revision: 10, cluster: seedSnapshot(10) });
    feeds[0]!.changes(moved(11, 'OSDB_BACK'));
    feeds[0]!.changes({ revision: 12, changes: [] });
    const marks = performance.getEntriesByName(liveBatchMark) as PerformanceMark[];
    expect(marks).toHaveLength(1);
    expect(marks[0]!.detail).toEqual({ revision: 12, changes: 0 });
    connection.stop();
  });

  it('stays disconnected from the first failure while socket.io retries, with the latest reason; connected again after', async () => {
    const { feeds, connection } = setup();
    const seen: string[] = [];
    connection.subscribe(() => seen.push(`${connection.status.state} ${connection.status.reason ?? ''}`.trim()));
    connection.start();
    await opened();
    const feed = feeds[0]!;
    feed.setStatus('connected');
    feed.setStatus('disconnected', 'transport close');
    const since = connection.status.since;
    feed.setStatus('disconnected', 'websocket error');
    feed.setStatus('disconnected', 'websocket error');
    expect(connection.status).toEqual({ state: 'disconnected', since, reason: 'websocket error' });
    feed.setStatus('connected');
    expect(seen).toEqual([
      'connecting',
      'connected',
      'disconnected transport close',
      'disconnected websocket error',
      'connected',
    ]);
    connection.stop();
  });

  it("a refused handshake shows as unauthorized with the server's reason, and ends the session", async () => {
    const { feeds, connection, onUnauthorized } = setup();
    connection.start();
    await opened();
    feeds[0]!.setStatus('unauthorized', 'sign in first');
    expect(connection.status).toMatchObject({ state: 'unauthorized', reason: 'sign in first' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).toHaveBeenCalledWith('sign in first');
    connection.stop();
  });

  it('says when the stream is back after it was lost (a role change ends it and the feed reconnects at once), not on the first connect', async () => {
    const { feeds, connection, onReconnected } = setup();
    connection.start();
    await opened();
    const feed = feeds[0]!;
    feed.setStatus('connected');
    expect(onReconnected).not.toHaveBeenCalled();
    feed.setStatus('disconnected', 'io server disconnect');
    feed.setStatus('connecting');
    feed.setStatus('connected');
    expect(onReconnected).toHaveBeenCalledTimes(1);
    // A new feed (the cache was lost, or Reconnect now after a stop) starts over: its first connect is no reconnect.
    connection.stop();
    connection.start();
    await opened();
    feeds[1]!.setStatus('connected');
    expect(onReconnected).toHaveBeenCalledTimes(1);
    connection.stop();
  });

  it('Reconnect now asks the feed to reconnect (it resumes by itself); stop closes it for good', async () => {
    const { feeds, connection } = setup();
    connection.start();
    await opened();
    connection.reconnect();
    expect(feeds[0]!.reconnects).toBe(1);
    connection.stop();
    expect(feeds[0]!.closed).toBe(true);
  });

  it('a feed that opens after its start was undone (React StrictMode runs effects twice) is closed at once', async () => {
    const { feeds, connection } = setup();
    connection.start();
    connection.stop();
    connection.start();
    await opened();
    expect(feeds.map((feed) => feed.closed)).toEqual([true, false]);
    connection.stop();
  });

  it('when the cache lost what the feed has (signed out under it), the feed is opened again and starts from a snapshot', async () => {
    const { queryClient, sync, feeds, connection } = setup();
    connection.start();
    await opened();
    feeds[0]!.snapshot({ revision: 10, cluster: seedSnapshot(10) });
    queryClient.removeQueries({ queryKey: queryKeys.cluster });
    // The feed would resume from 11; the cache has nothing: not applied, the feed is replaced.
    feeds[0]!.changes(moved(11, 'OSDB_BACK'));
    expect(feeds[0]!.closed).toBe(true);
    expect(cluster(queryClient)).toBeUndefined();
    await opened();
    expect(feeds).toHaveLength(2);
    feeds[1]!.snapshot({ revision: 11, cluster: seedSnapshot(11) });
    expect(sync.revision).toBe(11);
    feeds[1]!.changes(moved(12, 'OSDB_BACK'));
    expect(cluster(queryClient)?.groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_BACK');
    connection.stop();
  });
});
