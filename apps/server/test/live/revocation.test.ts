import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiveRevoked } from '@wolfpack/contracts';
import { StoreError, type ClusterStore, type Watch, type WatchHandlers, type WatchOptions } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Revocations } from '../../src/live/revocation.ts';

/*
 * The revocation watch on a real embedded store, after its watch ended because the store
 * was compacted past it: a deletion landing between the keys' re-check and the new watch
 * must still end the connection. The store is real; only the moments are arranged: the
 * compaction error is raised on the first watch, and the deletion is made right after the
 * re-check read the key, the new watch starting only once it is done (or 300 ms passed).
 */

let dir: string;
let store: ClusterStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-revocation-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a deletion between the re-check and the new watch after a compaction still ends the connection', async () => {
  const key = '/t/sessions/one';
  await store.put(key, 'live');
  let armed = false;
  let deletedNow: () => void = () => undefined;
  const deleted = new Promise<void>((resolve) => (deletedNow = resolve));
  let compact: (() => Promise<void>) | undefined;
  const watches: WatchOptions[] = [];
  const arranged = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'get') {
        return async (asked: string) => {
          const kv = await target.get(asked);
          // The logout lands just after the re-check read the session.
          if (armed && asked === key) {
            armed = false;
            await target.delete(key);
            deletedNow();
          }
          return kv;
        };
      }
      if (property === 'watch') {
        return async (prefix: string, options: WatchOptions, handlers: WatchHandlers): Promise<Watch> => {
          watches.push(options);
          if (watches.length === 1) {
            const first = await target.watch(prefix, options, handlers);
            compact = async () => {
              await first.cancel();
              handlers.onError?.(new StoreError('compacted', 'required revision has been compacted'));
            };
            return first;
          }
          await Promise.race([deleted, sleep(300)]);
          return target.watch(prefix, options, handlers);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const revocations = await Revocations.start(arranged, { prefixes: ['/t/'], tickMs: 50 });
  try {
    const ended = new Promise<LiveRevoked>((resolve) => {
      revocations.add(
        [
          {
            key,
            judge: (value) =>
              value === undefined
                ? { reason: 'signed-out', message: 'the session ended', reconnect: false }
                : undefined,
          },
        ],
        resolve,
      );
    });
    await sleep(200); // the first check has read the key: it holds
    armed = true;
    await compact!();
    const outcome = await Promise.race([ended, sleep(5000).then(() => 'still connected 5 s after the deletion')]);
    expect(outcome).toEqual({ reason: 'signed-out', message: 'the session ended', reconnect: false });
    expect(await store.get(key)).toBeUndefined();
    expect(watches).toHaveLength(2);
  } finally {
    await revocations.stop();
  }
});
