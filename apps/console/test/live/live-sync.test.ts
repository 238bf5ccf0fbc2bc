import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ClusterEventRecord } from '@wolfpack/contracts';
import { cacheFromSnapshot, type ClusterCache } from '../../src/live/cluster-cache.ts';
import { clusterQueryOptions, installClusterDefaults, keepNewest } from '../../src/live/cluster-query.ts';
import { LiveSync } from '../../src/live/live-sync.ts';
import { queryKeys } from '../../src/live/query-keys.ts';
import { event, group, resource, seedSnapshot } from '../fixtures.ts';

function setup() {
  const queryClient = new QueryClient();
  installClusterDefaults(queryClient);
  return { queryClient, sync: new LiveSync(queryClient) };
}

const cluster = (queryClient: QueryClient) => queryClient.getQueryData<ClusterCache>(queryKeys.cluster)!;

describe('LiveSync', () => {
  it('puts the snapshot into ["cluster"] and applies later batches in order', () => {
    const { queryClient, sync } = setup();
    expect(sync.revision).toBeUndefined();
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    expect(sync.revision).toBe(10);
    expect(
      sync.receiveChanges({
        revision: 11,
        changes: [{ kind: 'group', name: 'SOCKET_GROUP', value: group('SOCKET_GROUP', { state: 'Pending' }) }],
      }),
    ).toBe(true);
    expect(
      sync.receiveChanges({
        revision: 14,
        changes: [{ kind: 'group', name: 'SOCKET_GROUP', value: group('SOCKET_GROUP', { ownerNode: 'OSDB_BACK' }) }],
      }),
    ).toBe(true);
    expect(cluster(queryClient).groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_BACK');
    expect(sync.revision).toBe(14);
  });

  it('never applies a batch twice nor one older than the cache (a replay after resume)', () => {
    const { queryClient, sync } = setup();
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    const failed = {
      revision: 11,
      changes: [{ kind: 'resource' as const, name: 'SOCKET_IP', value: resource('SOCKET_IP', { state: 'Failed' }) }],
    };
    const restarted = {
      revision: 12,
      changes: [{ kind: 'resource' as const, name: 'SOCKET_IP', value: resource('SOCKET_IP', { state: 'Online' }) }],
    };
    sync.receiveChanges(failed);
    sync.receiveChanges(restarted);
    expect(sync.receiveChanges(failed)).toBe(false);
    expect(sync.receiveChanges(restarted)).toBe(false);
    expect(cluster(queryClient).resources.get('SOCKET_IP')?.state).toBe('Online');
    expect(sync.stats).toEqual({ snapshots: 1, appliedBatches: 2, skippedBatches: 2 });
  });

  it('ignores batches that come before any snapshot', () => {
    const { queryClient, sync } = setup();
    expect(sync.receiveChanges({ revision: 3, changes: [] })).toBe(false);
    expect(queryClient.getQueryData(queryKeys.cluster)).toBeUndefined();
  });

  it('a new snapshot replaces the cache, even at a lower revision (the server is the authority)', () => {
    const { queryClient, sync } = setup();
    sync.receiveSnapshot({ revision: 50, cluster: seedSnapshot(50) });
    const reset = seedSnapshot(5);
    reset.groups = [];
    sync.receiveSnapshot({ revision: 5, cluster: reset });
    expect(cluster(queryClient).revision).toBe(5);
    expect(cluster(queryClient).groups.size).toBe(0);
  });

  it('keeps per-object queries that someone reads in step, and writes null when the object goes', () => {
    const { queryClient, sync } = setup();
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    queryClient.setQueryData(queryKeys.resource('SOCKET_SERVER'), cluster(queryClient).resources.get('SOCKET_SERVER'));
    sync.receiveChanges({
      revision: 11,
      changes: [
        {
          kind: 'resource',
          name: 'SOCKET_SERVER',
          value: resource('SOCKET_SERVER', { privateProperties: { MaxUser: 3 } }),
        },
      ],
    });
    expect(
      queryClient.getQueryData<{ privateProperties: { MaxUser: number } }>(queryKeys.resource('SOCKET_SERVER'))
        ?.privateProperties.MaxUser,
    ).toBe(3);
    // Objects nobody reads get no query of their own.
    expect(
      queryClient.getQueryCache().find({ queryKey: queryKeys.resource('SOCKET_IP'), exact: true }),
    ).toBeUndefined();
    sync.receiveChanges({ revision: 12, changes: [{ kind: 'resource', name: 'SOCKET_SERVER', value: null }] });
    expect(queryClient.getQueryData(queryKeys.resource('SOCKET_SERVER'))).toBeNull();
    sync.receiveSnapshot({ revision: 13, cluster: seedSnapshot(13) });
    expect(queryClient.getQueryData<{ name: string }>(queryKeys.resource('SOCKET_SERVER'))?.name).toBe('SOCKET_SERVER');
  });

  it('appends event lines from batches to ["events"] once each', () => {
    const { queryClient, sync } = setup();
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    const line = event(11, 'SOCKET_GROUP is Pending');
    sync.receiveChanges({ revision: 11, changes: [{ kind: 'event', name: 'e11', value: line }] });
    sync.receiveChanges({ revision: 11, changes: [{ kind: 'event', name: 'e11', value: line }] });
    sync.receiveEvents([line]);
    expect(queryClient.getQueryData<ClusterEventRecord[]>(queryKeys.events)).toEqual([line]);
  });

  it('reads the cluster record again when the stream logs a change of it, and only then', async () => {
    const { queryClient, sync } = setup();
    let reads = 0;
    const observer = new QueryObserver(queryClient, {
      queryKey: queryKeys.clusterProperties,
      queryFn: async () => ((reads += 1), { name: 'INS_CLUS' }),
      staleTime: Infinity,
    });
    const stop = observer.subscribe(() => undefined);
    await vi_waitFor(() => queryClient.getQueryState(queryKeys.clusterProperties)?.status === 'success');
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    sync.receiveChanges({
      revision: 11,
      changes: [
        {
          kind: 'event',
          name: 'e11',
          value: event(11, 'set properties of group SOCKET_GROUP', {
            kind: 'command',
            command: 'set-group-properties',
            result: 'ok',
          }),
        },
      ],
    });
    sync.receiveChanges({
      revision: 12,
      changes: [
        {
          kind: 'event',
          name: 'e12',
          value: event(12, 'refused set-cluster-properties', {
            kind: 'command',
            command: 'set-cluster-properties',
            result: 'refused',
          }),
        },
      ],
    });
    expect(reads).toBe(1);
    sync.receiveChanges({
      revision: 13,
      changes: [
        {
          kind: 'event',
          name: 'e13',
          value: event(13, 'set properties of cluster INS_CLUS: dnsPort', {
            kind: 'command',
            command: 'set-cluster-properties',
            result: 'ok',
          }),
        },
      ],
    });
    await vi_waitFor(() => reads === 2);
    stop();
  });

  it('reads the event history again after a second snapshot (events missed while away)', async () => {
    const { queryClient, sync } = setup();
    let reads = 0;
    const observer = new QueryObserver(queryClient, {
      queryKey: queryKeys.events,
      queryFn: async () => ((reads += 1), []),
      staleTime: Infinity,
    });
    const stop = observer.subscribe(() => undefined);
    await vi_waitFor(() => queryClient.getQueryState(queryKeys.events)?.status === 'success');
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    sync.receiveSnapshot({ revision: 30, cluster: seedSnapshot(30) });
    await vi_waitFor(() => reads === 2);
    stop();
  });
});

describe('the ["cluster"] query', () => {
  it('a slow REST read never takes the cache back behind the stream', () => {
    const { queryClient, sync } = setup();
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    sync.receiveChanges({ revision: 20, changes: [] });
    const stale = cacheFromSnapshot(seedSnapshot(15));
    queryClient.setQueryData(queryKeys.cluster, stale);
    expect(cluster(queryClient).revision).toBe(20);
    expect(keepNewest(undefined, stale)).toBe(stale);
  });

  it('its query function resolves with the stream snapshot, not a REST read', async () => {
    const { queryClient, sync } = setup();
    let restReads = 0;
    const options = clusterQueryOptions(sync, async () => ((restReads += 1), seedSnapshot(1)));
    const pending = queryClient.fetchQuery(options);
    sync.receiveSnapshot({ revision: 10, cluster: seedSnapshot(10) });
    sync.receiveChanges({ revision: 11, changes: [] });
    const result = await pending;
    expect(result.revision).toBe(11);
    expect(restReads).toBe(0);
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
