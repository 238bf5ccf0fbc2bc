/*
 * The state follower (agent, manager, server) when the store compacts past it: another
 * process writes and compacts while this one is not looking; the follower's next read of
 * the change log finds it gone, and it must read the state whole again and follow on —
 * even when that read fails at first, as it does on etcd without a quorum.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '@wolfpack/contracts';
import { waitUntil } from '@wolfpack/testing/conditions';
import { followClusterState, type StateFollower } from '../../src/follow/state-follower.ts';
import { StoreError, type ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { bundleStoreWorker, startWorker } from '@wolfpack/testing/store-worker-process';

/** The real store, except that the next watch it opens ends at once with an error, as the embedded store's does when SQLite stays busy too long. */
function withFailingWatch(store: ClusterStore): ClusterStore {
  let failed = false;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'watch' && !failed) {
        return async (...[prefix, options, handlers]: Parameters<ClusterStore['watch']>) => {
          failed = true;
          const watch = await target.watch(prefix, options, { ...handlers, onBatch: () => undefined });
          setTimeout(() => {
            void watch.cancel();
            handlers.onError?.(new StoreError('unavailable', `watch ${prefix}: database is locked`));
          }, 10);
          return watch;
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The real store, except that its next `failures.count` range reads fail as etcd's do without a quorum. */
function withFailingReads(store: ClusterStore, failures: { count: number }): ClusterStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'range' && failures.count > 0) {
        return async () => {
          failures.count -= 1;
          throw new StoreError('unavailable', 'range /wolfpack/state/ failed: etcdserver: no leader');
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('the state follower after a compaction past it', () => {
  let bundle: string;
  let dir: string;
  let store: ClusterStore;
  let follower: StateFollower | undefined;

  beforeAll(async () => {
    bundle = await bundleStoreWorker();
  });
  afterAll(() => rmSync(bundle, { force: true }));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-follower-'));
    // This process learns of another's writes only when it writes itself: no poll worth the
    // name, no inotify. So the other process can write and compact while it is not looking.
    store = await openEmbeddedStore({ path: join(dir, 'cluster.db'), pollIntervalMs: 600_000, watchFile: false });
  });

  afterEach(async () => {
    await follower?.stop();
    follower = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Another process puts group FAR five times (descriptions 0..4) and compacts to its last write; then this one writes NEAR, which wakes its watch. */
  async function fallBehind(): Promise<void> {
    const compactor = startWorker(bundle, ['compactor', join(dir, 'cluster.db'), keys.group('FAR'), '5']);
    await compactor.lineMatching(/^compacted \d+$/);
    expect(await compactor.exited).toBe(0);
    expect(follower!.state.groups.has('FAR')).toBe(false);
    await store.put(keys.group('NEAR'), '{"description":"near"}');
  }

  it('reads the state whole again, then follows on', async () => {
    const reloads: number[] = [];
    follower = await followClusterState(store, {
      onChange: (state, events) => events.length === 0 && reloads.push(state.revision),
    });
    await fallBehind();
    await waitUntil(
      'the state read again',
      () => follower!.state.groups.get('FAR')?.description === '4' && follower!.state.groups.has('NEAR'),
    );
    expect(reloads.length).toBeGreaterThanOrEqual(1);
    await store.put(keys.group('LATER'), '{"description":"later"}');
    await waitUntil('a write after the reload', () => follower!.state.groups.has('LATER'));
  });

  it('reads the state whole again when its watch ends with another error, and follows on', async () => {
    const errors: string[] = [];
    follower = await followClusterState(withFailingWatch(store), {
      onChange: () => undefined,
      onError: (error) => errors.push((error as StoreError).code),
      retryDelayMs: 50,
    });
    await waitUntil('the watch to fail', () => errors.length === 1);
    await store.put(keys.group('LATER'), '{"description":"later"}');
    await waitUntil('a write after the watch failed', () => follower!.state.groups.has('LATER'));
    expect(errors).toEqual(['unavailable']);
  });

  it('when that read fails, tries again until the store answers', async () => {
    const failures = { count: 0 };
    const errors: string[] = [];
    follower = await followClusterState(withFailingReads(store, failures), {
      onChange: () => undefined,
      onError: (error) => errors.push((error as StoreError).code),
      retryDelayMs: 50,
    });
    failures.count = 3;
    await fallBehind();
    await waitUntil(
      'the state read again after three failed reads',
      () => follower!.state.groups.get('FAR')?.description === '4' && follower!.state.groups.has('NEAR'),
    );
    expect(errors).toEqual(['unavailable', 'unavailable', 'unavailable']);
    await store.put(keys.group('LATER'), '{"description":"later"}');
    await waitUntil('a write after the reload', () => follower!.state.groups.has('LATER'));
  });
});
