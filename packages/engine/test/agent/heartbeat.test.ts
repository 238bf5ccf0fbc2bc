/*
 * The node's lease at its start, when the store is slow to take the first writes (the
 * embedded store's write lock held by another node, say): joining must not fence the node
 * a moment later because its first lease was counted from before a long wait.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Heartbeat } from '../../src/agent/heartbeat.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore, PutOptions } from '@wolfpack/store';

let dir: string;
let store: ClusterStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-heartbeat-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real store, whose puts wait `delayMs` first (as behind another writer's lock). */
function slowPuts(delayMs: number): ClusterStore {
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== 'put') return typeof value === 'function' ? value.bind(target) : value;
      return async (key: string, text: string, options?: PutOptions) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return target.put(key, text, options);
      };
    },
  });
}

describe('a join that waited on the store', () => {
  it('renews at once, rather than fencing a lease it counted from before the wait', async () => {
    const lost: string[] = [];
    const heartbeat = new Heartbeat({
      store: slowPuts(300),
      node: 'N1',
      ttlMs: 400,
      onValidUntil: () => {},
      onLost: (reason) => lost.push(reason),
      log: () => {},
    });
    await heartbeat.start();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(lost).toEqual([]);
    expect(heartbeat.isValid()).toBe(true);
    await heartbeat.stop({ revoke: true });
  });

  it('does not join when the wait outlasted the lease itself', async () => {
    const lost: string[] = [];
    const heartbeat = new Heartbeat({
      store: slowPuts(500),
      node: 'N1',
      ttlMs: 400,
      onValidUntil: () => {},
      onLost: (reason) => lost.push(reason),
      log: () => {},
    });
    await expect(heartbeat.start()).rejects.toThrow(/lease/);
    expect(heartbeat.isValid()).toBe(false);
    // The join failed, and says so to its caller: onLost (fence) is for a member, and a node
    // still joining ignores it, which would leave it out of the cluster for good.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lost).toEqual([]);
    await heartbeat.stop({ revoke: false });
  });
});
