/*
 * The behaviour every ClusterStore must show, as a vitest suite: the embedded store runs
 * it today, the etcd store runs the same tests by passing its own factory. Keys, ranges,
 * transactions and close are here; watches and leases (with election) in conformance/.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterStore } from './cluster-store.ts';
import { describeLeaseConformance } from './conformance/leases.ts';
import { collect, type ConformanceContext } from './conformance/support.ts';
import { describeWatchConformance } from './conformance/watch.ts';

export interface ConformanceSubject {
  store: ClusterStore;
  /** A second client of the same store (another connection/instance), for cross-client tests. */
  openAnother?: () => Promise<ClusterStore>;
  cleanup: () => Promise<void>;
}

export interface ConformanceOptions {
  /** TTL of the leases the tests grant; stores with coarse TTLs (etcd: seconds) pass more. Default 600. */
  leaseTtlMs?: number;
}

/** Register the conformance tests for one ClusterStore implementation. */
export function describeClusterStoreConformance(
  name: string,
  factory: () => Promise<ConformanceSubject>,
  options: ConformanceOptions = {},
): void {
  const ttl = options.leaseTtlMs ?? 600;
  const expiryTimeout = ttl * 3 + 5000;

  describe(`ClusterStore conformance: ${name}`, () => {
    let subject: ConformanceSubject;
    let store: ClusterStore;
    const extraStores: ClusterStore[] = [];
    const another = async (): Promise<ClusterStore> => {
      const opened = subject.openAnother ? await subject.openAnother() : subject.store;
      if (opened !== subject.store) extraStores.push(opened);
      return opened;
    };

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      for (const extra of extraStores.splice(0)) await extra.close().catch(() => undefined);
      await subject.cleanup();
    });

    describe('keys and revisions', () => {
      it('gives every write a higher revision, and reports it', async () => {
        const start = await store.revision();
        const first = await store.put('/c/a', '1');
        const second = await store.put('/c/b', '2');
        const { revision: third } = await store.delete('/c/a');
        expect(first).toBeGreaterThan(start);
        expect(second).toBe(first + 1);
        expect(third).toBe(second + 1);
        expect(await store.revision()).toBe(third);
      });

      it('tracks createRevision, modRevision and version of a key across updates and re-creation', async () => {
        const created = await store.put('/c/k', 'v1');
        const updated = await store.put('/c/k', 'v2');
        expect(await store.get('/c/k')).toEqual({
          key: '/c/k',
          value: 'v2',
          createRevision: created,
          modRevision: updated,
          version: 2,
          lease: 0,
        });
        await store.delete('/c/k');
        const again = await store.put('/c/k', 'v3');
        expect(await store.get('/c/k')).toMatchObject({ createRevision: again, modRevision: again, version: 1 });
      });

      it('deletes a key once; deleting a missing key writes nothing', async () => {
        await store.put('/c/gone', 'x');
        const removed = await store.delete('/c/gone');
        expect(removed.deleted).toBe(true);
        expect(await store.get('/c/gone')).toBeUndefined();
        const again = await store.delete('/c/gone');
        expect(again).toEqual({ deleted: false, revision: removed.revision });
      });

      it('stores large values (2 MB) intact', async () => {
        const big = `${'x'.repeat(2 * 1024 * 1024 - 7)}ü∑€end`;
        await store.put('/c/big', big);
        expect((await store.get('/c/big'))?.value).toBe(big);
      });
    });

    describe('range', () => {
      beforeEach(async () => {
        await store.put('/r/b', 'b');
        await store.put('/r/a', 'a');
        await store.put('/r/c', 'c');
        await store.put('/r/a', 'a2');
        await store.put('/r', 'not under /r/');
        await store.put('/s/a', 'sibling');
      });

      it('returns the keys under a prefix in key order, at the current revision', async () => {
        const result = await store.range('/r/');
        expect(result.kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b', '/r/c']);
        expect(result.revision).toBe(await store.revision());
        expect(result.more).toBe(false);
      });

      it('limits and says there is more', async () => {
        const result = await store.range('/r/', { limit: 2 });
        expect(result.kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b']);
        expect(result.more).toBe(true);
        expect((await store.range('/r/', { limit: 3 })).more).toBe(false);
      });

      it('sorts by createRevision or modRevision, either order', async () => {
        const keysOf = async (sortBy: 'createRevision' | 'modRevision', order: 'ascend' | 'descend') =>
          (await store.range('/r/', { sortBy, order })).kvs.map((kv) => kv.key);
        expect(await keysOf('createRevision', 'ascend')).toEqual(['/r/b', '/r/a', '/r/c']);
        expect(await keysOf('createRevision', 'descend')).toEqual(['/r/c', '/r/a', '/r/b']);
        expect(await keysOf('modRevision', 'ascend')).toEqual(['/r/b', '/r/c', '/r/a']);
        expect((await store.range('/r/', { order: 'descend' })).kvs.map((kv) => kv.key)).toEqual([
          '/r/c',
          '/r/b',
          '/r/a',
        ]);
        expect((await store.range('/r/', { sortBy: 'createRevision', limit: 1 })).kvs[0]?.key).toBe('/r/b');
      });

      it('filters by minCreateRevision', async () => {
        const c = await store.get('/r/c');
        const result = await store.range('/r/', { minCreateRevision: c!.createRevision - 1 });
        expect(result.kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/c']);
      });
    });

    describe('transactions', () => {
      it('compares modRevision, createRevision, version, value and existence', async () => {
        const rev = await store.put('/t/k', 'one');
        const check = async (compare: Parameters<ClusterStore['txn']>[0]['compare'][number]) =>
          (await store.txn({ compare: [compare], success: [] })).succeeded;
        expect(await check({ key: '/t/k', target: 'modRevision', op: '=', value: rev })).toBe(true);
        expect(await check({ key: '/t/k', target: 'modRevision', op: '<', value: rev })).toBe(false);
        expect(await check({ key: '/t/k', target: 'createRevision', op: '>', value: rev - 1 })).toBe(true);
        expect(await check({ key: '/t/k', target: 'version', op: '!=', value: 1 })).toBe(false);
        expect(await check({ key: '/t/k', target: 'value', op: '=', value: 'one' })).toBe(true);
        expect(await check({ key: '/t/k', target: 'value', op: '!=', value: 'one' })).toBe(false);
        expect(await check({ key: '/t/k', target: 'exists', value: true })).toBe(true);
        expect(await check({ key: '/t/none', target: 'exists', value: false })).toBe(true);
        expect(await check({ key: '/t/none', target: 'createRevision', op: '=', value: 0 })).toBe(true);
        expect(await check({ key: '/t/none', target: 'value', op: '!=', value: 'x' })).toBe(false);
      });

      it('applies the success branch when every compare holds, else the failure branch', async () => {
        const rev = await store.put('/t/k', 'one');
        const won = await store.txn({
          compare: [{ key: '/t/k', target: 'modRevision', op: '=', value: rev }],
          success: [
            { op: 'put', key: '/t/k', value: 'two' },
            { op: 'put', key: '/t/other', value: 'o' },
            { op: 'get', key: '/t/k' },
          ],
          failure: [{ op: 'put', key: '/t/lost', value: 'x' }],
        });
        expect(won.succeeded).toBe(true);
        expect(won.revision).toBe(rev + 1);
        expect(won.gets[0]).toMatchObject({ value: 'two', modRevision: rev + 1 });
        expect((await store.get('/t/other'))?.modRevision).toBe(rev + 1);
        const lost = await store.txn({
          compare: [{ key: '/t/k', target: 'modRevision', op: '=', value: rev }],
          success: [{ op: 'put', key: '/t/k', value: 'three' }],
          failure: [
            { op: 'get', key: '/t/k' },
            { op: 'get', key: '/t/none' },
          ],
        });
        expect(lost).toEqual({
          succeeded: false,
          revision: rev + 1,
          gets: [expect.objectContaining({ value: 'two' }), undefined],
        });
        expect(await store.get('/t/lost')).toBeUndefined();
      });

      it('deletes by prefix in one revision', async () => {
        await store.put('/t/p/a', 'a');
        await store.put('/t/p/b', 'b');
        await store.put('/t/q', 'q');
        const result = await store.txn({ compare: [], success: [{ op: 'deletePrefix', prefix: '/t/p/' }] });
        expect((await store.range('/t/')).kvs.map((kv) => kv.key)).toEqual(['/t/q']);
        expect(result.revision).toBe(await store.revision());
      });

      it('is all or nothing: a failing op undoes the ops before it', async () => {
        const before = await store.revision();
        await expect(
          store.txn({
            compare: [],
            success: [
              { op: 'put', key: '/t/first', value: '1' },
              { op: 'put', key: '/t/second', value: '2', lease: 987654321 },
            ],
          }),
        ).rejects.toMatchObject({ code: 'lease-not-found' });
        expect(await store.get('/t/first')).toBeUndefined();
        expect(await store.revision()).toBe(before);
      });

      it('refuses to write one key twice in a transaction', async () => {
        const twice = store.txn({
          compare: [],
          success: [
            { op: 'put', key: '/t/x', value: '1' },
            { op: 'put', key: '/t/x', value: '2' },
          ],
        });
        await expect(twice).rejects.toMatchObject({ code: 'invalid' });
      });

      it('keeps compare-and-swap exact between clients racing on one key', async () => {
        const other = await another();
        await store.put('/t/counter', '0');
        const increment = async (client: ClusterStore, times: number) => {
          for (let done = 0; done < times; ) {
            const current = (await client.get('/t/counter'))!;
            const result = await client.txn({
              compare: [{ key: '/t/counter', target: 'modRevision', op: '=', value: current.modRevision }],
              success: [{ op: 'put', key: '/t/counter', value: String(Number(current.value) + 1) }],
            });
            if (result.succeeded) done += 1;
          }
        };
        await Promise.all([increment(store, 40), increment(other, 40)]);
        expect((await store.get('/t/counter'))?.value).toBe('80');
      });
    });

    const context: ConformanceContext = {
      get store() {
        return store;
      },
      another,
      ttl,
      expiryTimeout,
    };
    describeWatchConformance(context);
    describeLeaseConformance(context);

    describe('close', () => {
      it("fails calls after close with 'closed' and ends watches with onError", async () => {
        const other = await another();
        if (other === store) return;
        const seen = collect();
        await other.watch('/z/', {}, seen.handlers);
        await other.close();
        expect(seen.errors.map((e) => e.code)).toEqual(['closed']);
        await expect(other.put('/z/a', 'a')).rejects.toMatchObject({ code: 'closed' });
        await expect(other.get('/z/a')).rejects.toMatchObject({ code: 'closed' });
      });
    });
  });
}
