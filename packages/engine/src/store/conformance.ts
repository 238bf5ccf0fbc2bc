/*
 * The behaviour every ClusterStore must show, as a vitest suite: the embedded store runs
 * it today, the etcd store runs the same tests by passing its own factory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, type ClusterStore, type WatchBatch, type WatchEvent } from './cluster-store.ts';
import { campaign, observeLeader, type Leadership } from './election.ts';

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
        expect(await store.get('/c/k')).toEqual({ key: '/c/k', value: 'v2', createRevision: created, modRevision: updated, version: 2, lease: 0 });
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
        const big = 'x'.repeat(2 * 1024 * 1024 - 7) + 'ü∑€end';
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
        expect((await store.range('/r/', { order: 'descend' })).kvs.map((kv) => kv.key)).toEqual(['/r/c', '/r/b', '/r/a']);
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
          success: [{ op: 'put', key: '/t/k', value: 'two' }, { op: 'put', key: '/t/other', value: 'o' }, { op: 'get', key: '/t/k' }],
          failure: [{ op: 'put', key: '/t/lost', value: 'x' }],
        });
        expect(won.succeeded).toBe(true);
        expect(won.revision).toBe(rev + 1);
        expect(won.gets[0]).toMatchObject({ value: 'two', modRevision: rev + 1 });
        expect((await store.get('/t/other'))?.modRevision).toBe(rev + 1);
        const lost = await store.txn({
          compare: [{ key: '/t/k', target: 'modRevision', op: '=', value: rev }],
          success: [{ op: 'put', key: '/t/k', value: 'three' }],
          failure: [{ op: 'get', key: '/t/k' }, { op: 'get', key: '/t/none' }],
        });
        expect(lost).toEqual({ succeeded: false, revision: rev + 1, gets: [expect.objectContaining({ value: 'two' }), undefined] });
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
          store.txn({ compare: [], success: [{ op: 'put', key: '/t/first', value: '1' }, { op: 'put', key: '/t/second', value: '2', lease: 987654321 }] }),
        ).rejects.toMatchObject({ code: 'lease-not-found' });
        expect(await store.get('/t/first')).toBeUndefined();
        expect(await store.revision()).toBe(before);
      });

      it('refuses to write one key twice in a transaction', async () => {
        const twice = store.txn({ compare: [], success: [{ op: 'put', key: '/t/x', value: '1' }, { op: 'put', key: '/t/x', value: '2' }] });
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

    describe('watch', () => {
      it('delivers every change from a revision, in order, with prevKv', async () => {
        const start = (await store.revision()) + 1;
        await store.put('/w/a', '1');
        await store.put('/w/a', '2');
        await store.put('/x/ignored', 'x');
        await store.delete('/w/a');
        const seen = collect();
        await store.watch('/w/', { fromRevision: start, prevKv: true }, seen.handlers);
        await waitFor(() => seen.events.length >= 3);
        expect(seen.events.map((e) => [e.type, e.kv.key, e.kv.value, e.kv.modRevision])).toEqual([
          ['put', '/w/a', '1', start],
          ['put', '/w/a', '2', start + 1],
          ['delete', '/w/a', '', start + 3],
        ]);
        expect(seen.events[1]?.prevKv).toMatchObject({ value: '1', modRevision: start });
        expect(seen.events[2]?.prevKv).toMatchObject({ value: '2', version: 2 });
        expect(seen.errors).toEqual([]);
      });

      it('never splits a revision across batches, and resuming from lastRevision + 1 yields exactly the rest', async () => {
        const start = (await store.revision()) + 1;
        for (let i = 0; i < 5; i += 1) await store.put(`/w/k${i}`, String(i));
        await store.txn({ compare: [], success: [1, 2, 3].map((i) => ({ op: 'put' as const, key: `/w/t${i}`, value: 't' })) });
        for (let i = 5; i < 10; i += 1) await store.put(`/w/k${i}`, String(i));
        const all = collect();
        const watch = await store.watch('/w/', { fromRevision: start }, all.handlers);
        await waitFor(() => all.events.length >= 13);
        await watch.cancel();
        const batchOfRevision = new Map<number, number>();
        all.batches.forEach((batch, index) => {
          for (const event of batch.events) {
            expect(batchOfRevision.get(event.kv.modRevision) ?? index).toBe(index);
            batchOfRevision.set(event.kv.modRevision, index);
            expect(batch.revision).toBeGreaterThanOrEqual(event.kv.modRevision);
          }
        });
        expect(all.events.map((e) => e.kv.key).slice(5, 8)).toEqual(['/w/t1', '/w/t2', '/w/t3']);
        const txnRevision = all.events[6]!.kv.modRevision;
        const rest = collect();
        await store.watch('/w/', { fromRevision: txnRevision + 1 }, rest.handlers);
        await waitFor(() => rest.events.length >= 5);
        expect(rest.events.map((e) => e.kv.key)).toEqual(all.events.slice(8).map((e) => e.kv.key));
      });

      it('starts after the current revision by default and stops after cancel', async () => {
        await store.put('/w/old', 'x');
        const seen = collect();
        const watch = await store.watch('/w/', {}, seen.handlers);
        await store.put('/w/new', 'y');
        await waitFor(() => seen.events.length >= 1);
        expect(seen.events.map((e) => e.kv.key)).toEqual(['/w/new']);
        await watch.cancel();
        await store.put('/w/after', 'z');
        const marker = collect();
        await store.watch('/w/', { fromRevision: await store.revision() }, marker.handlers);
        await waitFor(() => marker.events.length >= 1);
        expect(seen.events.map((e) => e.kv.key)).toEqual(['/w/new']);
      });

      it('sees the writes of another client, in revision order', async () => {
        const other = await another();
        const seen = collect();
        await store.watch('/w/', {}, seen.handlers);
        const writes = 30;
        await Promise.all([
          (async () => { for (let i = 0; i < writes; i += 1) await other.put(`/w/other/${i}`, 'o'); })(),
          (async () => { for (let i = 0; i < writes; i += 1) await store.put(`/w/self/${i}`, 's'); })(),
        ]);
        await waitFor(() => seen.events.length >= writes * 2);
        const revisions = seen.events.map((e) => e.kv.modRevision);
        expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
        expect(new Set(revisions).size).toBe(writes * 2);
        expect(seen.events.filter((e) => e.kv.key.startsWith('/w/other/')).map((e) => e.kv.key)).toEqual(
          Array.from({ length: writes }, (_, i) => `/w/other/${i}`),
        );
      });

      it("fails a watch from a compacted revision with 'compacted', and serves it from the compaction point", async () => {
        const first = await store.put('/w/a', '1');
        await store.put('/w/a', '2');
        const third = await store.put('/w/a', '3');
        await store.compact(third);
        const old = collect();
        await store.watch('/w/', { fromRevision: first }, old.handlers);
        await waitFor(() => old.errors.length >= 1);
        expect(old.errors[0]?.code).toBe('compacted');
        expect(old.events).toEqual([]);
        const kept = collect();
        await store.watch('/w/', { fromRevision: third }, kept.handlers);
        await waitFor(() => kept.events.length >= 1);
        expect(kept.events[0]?.kv.value).toBe('3');
        await store.compact(first); // already compacted past it: nothing happens
      });
    });

    describe('leases', () => {
      it('deletes the keys of an expired lease, as delete events', async () => {
        const lease = await store.grantLease(ttl);
        await store.put('/l/a', 'a', { lease: lease.id });
        await store.put('/l/b', 'b', { lease: lease.id });
        expect((await store.get('/l/a'))?.lease).toBe(lease.id);
        expect(await store.leaseTimeToLive(lease.id)).toBeGreaterThan(0);
        const seen = collect();
        await store.watch('/l/', {}, seen.handlers);
        await waitFor(() => seen.events.length >= 2, expiryTimeout);
        expect(seen.events.map((e) => [e.type, e.kv.key]).sort()).toEqual([['delete', '/l/a'], ['delete', '/l/b']]);
        expect(await store.get('/l/a')).toBeUndefined();
        expect(await store.leaseTimeToLive(lease.id)).toBeUndefined();
        await expect(store.keepAlive(lease.id)).rejects.toMatchObject({ code: 'lease-not-found' });
        await expect(store.put('/l/c', 'c', { lease: lease.id })).rejects.toMatchObject({ code: 'lease-not-found' });
      });

      it('keeps the keys of a renewed lease past its TTL', async () => {
        const lease = await store.grantLease(ttl);
        await store.put('/l/kept', 'k', { lease: lease.id });
        const until = Date.now() + ttl * 2.5;
        while (Date.now() < until) {
          await store.keepAlive(lease.id);
          await sleep(ttl / 5);
        }
        expect((await store.get('/l/kept'))?.value).toBe('k');
      });

      it('revokes a lease at once, deleting its keys; revoking again does nothing', async () => {
        const lease = await store.grantLease(60_000);
        await store.put('/l/r', 'r', { lease: lease.id });
        await store.put('/l/free', 'f');
        await store.revokeLease(lease.id);
        expect(await store.get('/l/r')).toBeUndefined();
        expect(await store.get('/l/free')).toBeDefined();
        await store.revokeLease(lease.id);
        await expect(store.keepAlive(lease.id)).rejects.toBeInstanceOf(StoreError);
      });

      it('refuses a put with an unknown lease', async () => {
        await expect(store.put('/l/x', 'x', { lease: 123456789 })).rejects.toMatchObject({ code: 'lease-not-found' });
      });
    });

    describe('election', () => {
      it('has one leader at a time; the next candidate leads when the leader resigns or its lease goes', async () => {
        const other = await another();
        const prefix = '/e/manager/';
        const [a, b, c] = await Promise.all([store.grantLease(60_000), other.grantLease(60_000), store.grantLease(ttl)]);
        const leaders: (string | undefined)[] = [];
        await observeLeader(other, prefix, (leader) => leaders.push(leader?.value));
        const first = await campaign(store, { prefix, lease: a.id, value: 'A' });
        let second: Leadership | undefined;
        const secondElected = campaign(other, { prefix, lease: b.id, value: 'B' }).then((won) => (second = won));
        // B must be queued before C: a distributed store need not apply concurrent writes in send order.
        await waitFor(async () => (await store.range(prefix)).kvs.length === 2);
        let third: Leadership | undefined;
        // Settled now, so its expected rejection is never an unhandled one.
        const thirdOutcome = campaign(store, { prefix, lease: c.id, value: 'C' }).then(
          (won) => (third = won),
          (error: unknown) => error,
        );
        await sleep(ttl / 2);
        expect(second).toBeUndefined();
        expect(third).toBeUndefined();

        await store.revokeLease(a.id);
        expect(await first.lost).toMatchObject({ reason: expect.any(String) });
        await secondElected;
        expect(second!.revision).toBeGreaterThan(first.revision);
        expect(third).toBeUndefined();

        // C's lease expires while waiting: it never leads; B resigns: nobody is left.
        expect(await thirdOutcome).toMatchObject({ code: 'lease-not-found' });
        expect(third).toBeUndefined();
        await second!.resign();
        await waitFor(() => leaders.at(-1) === undefined && leaders.length >= 3);
        expect(leaders).toEqual([undefined, 'A', 'B', undefined]);
      });

      it('hands over when the leader stops renewing its lease', async () => {
        const prefix = '/e/expiry/';
        const dying = await store.grantLease(ttl);
        const leader = await campaign(store, { prefix, lease: dying.id, value: 'dying' });
        const lostReasons: string[] = [];
        leader.onLost((loss) => lostReasons.push(loss.reason));
        const next = await store.grantLease(60_000);
        const successor = await campaign(store, { prefix, lease: next.id, value: 'next' });
        expect(successor.revision).toBeGreaterThan(leader.revision);
        await waitFor(() => lostReasons.length === 1);
        const guarded = await store.txn({ compare: [leader.guard], success: [{ op: 'put', key: '/e/fenced', value: 'stale' }] });
        expect(guarded.succeeded).toBe(false);
      });

      it('withdraws a waiting candidate when its campaign is aborted', async () => {
        const prefix = '/e/abort/';
        const leaderLease = await store.grantLease(60_000);
        await campaign(store, { prefix, lease: leaderLease.id, value: 'L' });
        const waiting = await store.grantLease(60_000);
        const controller = new AbortController();
        const attempt = campaign(store, { prefix, lease: waiting.id, value: 'W', signal: controller.signal });
        await waitFor(async () => (await store.range(prefix)).kvs.length === 2);
        controller.abort(new Error('shutting down'));
        await expect(attempt).rejects.toThrow('shutting down');
        await waitFor(async () => (await store.range(prefix)).kvs.length === 1);
      });
    });

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

/** A watch handler that records what it is given. */
function collect() {
  const batches: WatchBatch[] = [];
  const events: WatchEvent[] = [];
  const errors: StoreError[] = [];
  return {
    batches,
    events,
    errors,
    handlers: {
      onBatch: (batch: WatchBatch) => {
        batches.push(batch);
        events.push(...batch.events);
      },
      onError: (error: StoreError) => errors.push(error),
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(10);
  }
}
