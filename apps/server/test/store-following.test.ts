import { keys } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

/*
 * The server follows the cluster store once: one watch over the state feeds both the REST
 * reads and the live hub, so the two never disagree on where the cluster is.
 */

const adminPassword = 'admin password 1';

/** The store, counting the watches opened over the cluster state (a prefix the state keys start with). */
function countingStateWatches(store: ClusterStore): { store: ClusterStore; count(): number } {
  let watches = 0;
  const counted = new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'watch') {
        return (prefix: string, ...rest: unknown[]) => {
          if (keys.stateRoot.startsWith(prefix)) watches++;
          return (value as (...args: unknown[]) => unknown).call(target, prefix, ...rest);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store: counted, count: () => watches };
}

describe('following the store', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let watches: () => number;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    const counting = countingStateWatches(storeDir.store);
    watches = counting.count;
    server = await startServer({ ...storeDir, store: counting.store });
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('opens one watch over the cluster state, which REST reads and the live hub share', async () => {
    expect(watches()).toBe(1);
    const admin = await server.signIn('admin', adminPassword);
    await admin.groups.create({ name: 'FOLLOWED_GROUP' });
    // Read right after the write: REST sees it, and the hub stands at the same revision.
    expect(await admin.groups.get('FOLLOWED_GROUP')).toMatchObject({ name: 'FOLLOWED_GROUP' });
    expect(server.app.live.hub.revision).toBe(server.app.cluster.state().revision);
    expect(server.app.live.hub.snapshot().cluster.groups.map((group) => group.name)).toContain('FOLLOWED_GROUP');
    expect(watches()).toBe(1);
  });
});
