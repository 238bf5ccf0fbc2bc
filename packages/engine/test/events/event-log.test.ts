import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keys, type ClusterEvent } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  appendEvent,
  describeEvent,
  eventKey,
  eventPutOp,
  followEvents,
  readEvents,
  trimEvents,
} from '../../src/events/index.ts';
import { StoreError, type ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';

let dir: string;
let store: ClusterStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-events-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (name: string, time = 1000, kind: ClusterEvent['kind'] = 'state'): ClusterEvent => ({
  time,
  kind,
  object: { kind: 'resource', name },
  message: `${name} changed`,
});

describe('event keys', () => {
  test('are unique and sort by time', () => {
    const sameTime = new Set(Array.from({ length: 1000 }, () => eventKey(5)));
    expect(sameTime.size).toBe(1000);
    const keysInTimeOrder = [9, 10, 100, 1_700_000_000_000].map((time) => eventKey(time));
    expect([...keysInTimeOrder].sort()).toEqual(keysInTimeOrder);
    expect(keysInTimeOrder[0]!.startsWith(keys.events)).toBe(true);
  });

  test('eventPutOp commits with other ops in one txn', async () => {
    const result = await store.txn({
      compare: [],
      success: [{ op: 'put', key: keys.node('N1'), value: '{}' }, eventPutOp(event('N1'))],
    });
    const [record] = await readEvents(store);
    expect(record).toMatchObject({ ...event('N1'), revision: result.revision });
  });
});

describe('readEvents', () => {
  test('orders by revision, not by the clock that wrote them', async () => {
    await appendEvent(store, event('late clock', 9000));
    await appendEvent(store, event('early clock', 1000));
    expect((await readEvents(store)).map((record) => record.object.name)).toEqual(['late clock', 'early clock']);
  });

  test('since is exclusive and pages forward; limit keeps the oldest after it', async () => {
    const revisions: number[] = [];
    for (let index = 0; index < 5; index++) revisions.push(await appendEvent(store, event(`R${index}`)));
    const after = await readEvents(store, { since: revisions[1] });
    expect(after.map((record) => record.object.name)).toEqual(['R2', 'R3', 'R4']);
    expect(after.map((record) => record.revision)).toEqual(revisions.slice(2));
    expect((await readEvents(store, { since: revisions[1], limit: 2 })).map((record) => record.object.name)).toEqual([
      'R2',
      'R3',
    ]);
    expect(await readEvents(store, { since: revisions[4] })).toEqual([]);
  });

  test('without since, limit keeps the newest, oldest first', async () => {
    for (let index = 0; index < 5; index++) await appendEvent(store, event(`R${index}`));
    expect((await readEvents(store, { limit: 2 })).map((record) => record.object.name)).toEqual(['R3', 'R4']);
  });

  test("filters by object, paging past other objects' events", async () => {
    for (let index = 0; index < 1200; index++) await appendEvent(store, event(index % 100 === 0 ? 'Chat' : 'Other'));
    await appendEvent(store, { ...event('Chat'), object: { kind: 'group', name: 'Chat' } });
    expect(await readEvents(store, { since: 0, object: { kind: 'resource', name: 'Chat' } })).toHaveLength(12);
    expect(await readEvents(store, { object: { name: 'Chat' }, limit: 3 })).toHaveLength(3);
    expect(await readEvents(store, { object: { kind: 'group' } })).toHaveLength(1);
  });
});

describe('trimEvents', () => {
  test('deletes the oldest beyond keep', async () => {
    for (let index = 0; index < 250; index++) await appendEvent(store, event(`R${index}`));
    expect(await trimEvents(store, 10)).toBe(240);
    const left = await readEvents(store);
    expect(left.map((record) => record.object.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `R${240 + index}`),
    );
    expect(await trimEvents(store, 10)).toBe(0);
  });
});

describe('describeEvent', () => {
  test('one readable line', () => {
    expect(
      describeEvent({
        time: 0,
        kind: 'command',
        object: { kind: 'group', name: 'SOCKET_GROUP' },
        message: 'refused move-group SOCKET_GROUP: node OSDB_BACK is Paused',
        actor: 'alice',
        result: 'refused',
        reason: 'node OSDB_BACK is Paused',
      }),
    ).toBe(
      '1970-01-01T00:00:00.000Z command group SOCKET_GROUP: refused move-group SOCKET_GROUP: node OSDB_BACK is Paused (by alice) [refused]',
    );
  });
});

describe('followEvents keeps following for the life of its process', () => {
  /** The store, except that the first `failures` watches end at once with `code`. */
  function endingWatches(code: 'compacted' | 'unavailable', failures: number): ClusterStore {
    let left = failures;
    return new Proxy(store, {
      get(target, property, receiver) {
        if (property !== 'watch') {
          const value = Reflect.get(target, property, receiver);
          // The store's methods use its private fields: called on the store, not the proxy.
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (...args: Parameters<ClusterStore['watch']>) => {
          if (left === 0) return target.watch(...args);
          left -= 1;
          setTimeout(() => args[2].onError?.(new StoreError(code, `watch ended (${code})`)), 5);
          return { cancel: async () => undefined };
        };
      },
    });
  }

  test('after a compaction past it: says so, then prints what comes next', async () => {
    const seen: string[] = [];
    const gaps: string[] = [];
    const watch = await followEvents(endingWatches('compacted', 1), (await store.revision()) + 1, {
      onEvent: (record) => seen.push(record.object.name),
      onGap: (error) => gaps.push(error.code),
    });
    await expect.poll(() => gaps).toEqual(['compacted']);
    // What is logged between the compaction and the new watch is the gap: log until one shows.
    await expect
      .poll(async () => {
        await appendEvent(store, event('AFTER'));
        return seen;
      })
      .toContain('AFTER');
    expect(new Set(seen)).toEqual(new Set(['AFTER']));
    await watch.cancel();
  });

  test('after the store was unreadable: from where it was, missing nothing', async () => {
    const seen: string[] = [];
    const watch = await followEvents(
      endingWatches('unavailable', 2),
      (await store.revision()) + 1,
      { onEvent: (record) => seen.push(record.object.name) },
      20,
    );
    await appendEvent(store, event('DURING'));
    await appendEvent(store, event('LATER'));
    await expect.poll(() => seen).toEqual(['DURING', 'LATER']);
    await watch.cancel();
  });
});
