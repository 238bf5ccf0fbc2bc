import { describe, expect, it } from 'vitest';
import type { LiveChange } from '@wolfpack/contracts';
import { applyLiveChanges, cacheFromSnapshot, snapshotFromCache } from '../../src/live/cluster-cache.ts';
import { event, group, resource, seedSnapshot } from '../fixtures.ts';

describe('applyLiveChanges', () => {
  it('applies a batch above the cache revision and moves the revision to the batch', () => {
    const cache = cacheFromSnapshot(seedSnapshot(10));
    const moved = group('SOCKET_GROUP', { ownerNode: 'OSDB_BACK', state: 'Pending' });
    const result = applyLiveChanges(cache, {
      revision: 12,
      changes: [{ kind: 'group', name: 'SOCKET_GROUP', value: moved }],
    });
    expect(result.applied).toBe(true);
    expect(result.cache.revision).toBe(12);
    expect(result.cache.groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_BACK');
    expect(cache.groups.get('SOCKET_GROUP')?.ownerNode).toBe('OSDB_SERV');
  });

  it('refuses a batch at or below the cache revision, so no batch applies twice or backwards', () => {
    const cache = cacheFromSnapshot(seedSnapshot(10));
    const batch = {
      revision: 11,
      changes: [{ kind: 'resource' as const, name: 'SOCKET_IP', value: resource('SOCKET_IP', { state: 'Failed' }) }],
    };
    const once = applyLiveChanges(cache, batch);
    const twice = applyLiveChanges(once.cache, batch);
    expect(twice.applied).toBe(false);
    expect(twice.cache).toBe(once.cache);
    const older = applyLiveChanges(once.cache, {
      revision: 10,
      changes: [{ kind: 'resource', name: 'SOCKET_IP', value: resource('SOCKET_IP') }],
    });
    expect(older.applied).toBe(false);
    expect(older.cache.resources.get('SOCKET_IP')?.state).toBe('Failed');
  });

  it('applies changes in batch order: the last value of an object wins, null deletes it', () => {
    const cache = cacheFromSnapshot(seedSnapshot(10));
    const result = applyLiveChanges(cache, {
      revision: 20,
      changes: [
        { kind: 'resource', name: 'SOCKET_DISK', value: resource('SOCKET_DISK', { state: 'OfflinePending' }) },
        { kind: 'resource', name: 'SOCKET_DISK', value: resource('SOCKET_DISK', { state: 'Offline' }) },
        { kind: 'resource', name: 'SOCKET_IP', value: null },
        { kind: 'node', name: 'NODE3', value: { name: 'NODE3', description: '', state: 'Joining', paused: false } },
      ],
    });
    expect(result.cache.resources.get('SOCKET_DISK')?.state).toBe('Offline');
    expect(result.cache.resources.has('SOCKET_IP')).toBe(false);
    expect(result.cache.nodes.get('NODE3')?.state).toBe('Joining');
    expect(result.objects.map((o) => `${o.kind}:${o.name}`)).toEqual([
      'resource:SOCKET_DISK',
      'resource:SOCKET_DISK',
      'resource:SOCKET_IP',
      'node:NODE3',
    ]);
  });

  it('keeps the identity of every object the batch did not touch', () => {
    const cache = cacheFromSnapshot(seedSnapshot(10));
    const result = applyLiveChanges(cache, {
      revision: 11,
      changes: [{ kind: 'resource', name: 'SOCKET_IP', value: resource('SOCKET_IP', { state: 'Failed' }) }],
    });
    expect(result.cache.resources.get('SOCKET_DISK')).toBe(cache.resources.get('SOCKET_DISK'));
    expect(result.cache.groups).toBe(cache.groups);
    expect(result.cache.nodes).toBe(cache.nodes);
  });

  it('hands events out separately and leaves unknown kinds alone', () => {
    const cache = cacheFromSnapshot(seedSnapshot(10));
    const line = event(11, 'SOCKET_IP Failed on OSDB_SERV');
    const result = applyLiveChanges(cache, {
      revision: 11,
      changes: [
        { kind: 'event', name: '11', value: line },
        { kind: 'cluster', name: 'INS_CLUS', value: {} } as unknown as LiveChange,
      ],
    });
    expect(result.applied).toBe(true);
    expect(result.events).toEqual([line]);
    expect(result.objects).toEqual([]);
  });

  it('an empty batch still moves the revision', () => {
    const result = applyLiveChanges(cacheFromSnapshot(seedSnapshot(10)), { revision: 15, changes: [] });
    expect(result.applied).toBe(true);
    expect(result.cache.revision).toBe(15);
  });
});

describe('cacheFromSnapshot and snapshotFromCache', () => {
  it('round-trips a snapshot, with arrays sorted by name', () => {
    const snapshot = seedSnapshot(7);
    const back = snapshotFromCache(cacheFromSnapshot(snapshot));
    expect(back.revision).toBe(7);
    expect(back.nodes.map((n) => n.name)).toEqual(['OSDB_BACK', 'OSDB_SERV']);
    expect(back.resources).toHaveLength(4);
  });

  it('keys objects by name even when a name is a property of Object.prototype', () => {
    const snapshot = seedSnapshot(1);
    snapshot.groups.push(group('__proto__'), group('constructor'));
    const cache = cacheFromSnapshot(snapshot);
    expect(cache.groups.get('__proto__')?.name).toBe('__proto__');
    expect(cache.groups.get('constructor')?.name).toBe('constructor');
  });
});
