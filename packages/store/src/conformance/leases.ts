/* Conformance: leases (expiry deletes their keys, renewal keeps them) and leader election on top. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../cluster-store.ts';
import { campaign, observeLeader, type Leadership } from '../election.ts';
import { collect, sleep, waitFor, type ConformanceContext } from './support.ts';

export function describeLeaseConformance(t: ConformanceContext): void {
  describe('leases', () => {
    it('deletes the keys of an expired lease, as delete events', async () => {
      const lease = await t.store.grantLease(t.ttl);
      await t.store.put('/l/a', 'a', { lease: lease.id });
      await t.store.put('/l/b', 'b', { lease: lease.id });
      expect((await t.store.get('/l/a'))?.lease).toBe(lease.id);
      expect(await t.store.leaseTimeToLive(lease.id)).toBeGreaterThan(0);
      const seen = collect();
      await t.store.watch('/l/', {}, seen.handlers);
      await waitFor(() => seen.events.length >= 2, t.expiryTimeout);
      expect(seen.events.map((e) => [e.type, e.kv.key]).sort()).toEqual([
        ['delete', '/l/a'],
        ['delete', '/l/b'],
      ]);
      expect(await t.store.get('/l/a')).toBeUndefined();
      expect(await t.store.leaseTimeToLive(lease.id)).toBeUndefined();
      await expect(t.store.keepAlive(lease.id)).rejects.toMatchObject({ code: 'lease-not-found' });
      await expect(t.store.put('/l/c', 'c', { lease: lease.id })).rejects.toMatchObject({ code: 'lease-not-found' });
    });

    it('keeps the keys of a renewed lease past its TTL', async () => {
      const lease = await t.store.grantLease(t.ttl);
      await t.store.put('/l/kept', 'k', { lease: lease.id });
      const until = Date.now() + t.ttl * 2.5;
      while (Date.now() < until) {
        await t.store.keepAlive(lease.id);
        await sleep(t.ttl / 5);
      }
      expect((await t.store.get('/l/kept'))?.value).toBe('k');
    });

    it('revokes a lease at once, deleting its keys; revoking again does nothing', async () => {
      const lease = await t.store.grantLease(60_000);
      await t.store.put('/l/r', 'r', { lease: lease.id });
      await t.store.put('/l/free', 'f');
      await t.store.revokeLease(lease.id);
      expect(await t.store.get('/l/r')).toBeUndefined();
      expect(await t.store.get('/l/free')).toBeDefined();
      await t.store.revokeLease(lease.id);
      await expect(t.store.keepAlive(lease.id)).rejects.toBeInstanceOf(StoreError);
    });

    it('refuses a put with an unknown lease', async () => {
      await expect(t.store.put('/l/x', 'x', { lease: 123456789 })).rejects.toMatchObject({ code: 'lease-not-found' });
    });
  });
  describe('election', () => {
    it('has one leader at a time; the next candidate leads when the leader resigns or its lease goes', async () => {
      const other = await t.another();
      const prefix = '/e/manager/';
      const [a, b, c] = await Promise.all([
        t.store.grantLease(60_000),
        other.grantLease(60_000),
        t.store.grantLease(t.ttl),
      ]);
      const leaders: (string | undefined)[] = [];
      await observeLeader(other, prefix, (leader) => leaders.push(leader?.value));
      const first = await campaign(t.store, { prefix, lease: a.id, value: 'A' });
      let second: Leadership | undefined;
      const secondElected = campaign(other, { prefix, lease: b.id, value: 'B' }).then((won) => (second = won));
      // B must be queued before C: a distributed t.store need not apply concurrent writes in send order.
      await waitFor(async () => (await t.store.range(prefix)).kvs.length === 2);
      let third: Leadership | undefined;
      // Settled now, so its expected rejection is never an unhandled one.
      const thirdOutcome = campaign(t.store, { prefix, lease: c.id, value: 'C' }).then(
        (won) => (third = won),
        (error: unknown) => error,
      );
      await sleep(t.ttl / 2);
      expect(second).toBeUndefined();
      expect(third).toBeUndefined();

      await t.store.revokeLease(a.id);
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
      const dying = await t.store.grantLease(t.ttl);
      const leader = await campaign(t.store, { prefix, lease: dying.id, value: 'dying' });
      const lostReasons: string[] = [];
      leader.onLost((loss) => lostReasons.push(loss.reason));
      const next = await t.store.grantLease(60_000);
      const successor = await campaign(t.store, { prefix, lease: next.id, value: 'next' });
      expect(successor.revision).toBeGreaterThan(leader.revision);
      await waitFor(() => lostReasons.length === 1);
      const guarded = await t.store.txn({
        compare: [leader.guard],
        success: [{ op: 'put', key: '/e/fenced', value: 'stale' }],
      });
      expect(guarded.succeeded).toBe(false);
    });

    it('withdraws a waiting candidate when its campaign is aborted', async () => {
      const prefix = '/e/abort/';
      const leaderLease = await t.store.grantLease(60_000);
      await campaign(t.store, { prefix, lease: leaderLease.id, value: 'L' });
      const waiting = await t.store.grantLease(60_000);
      const controller = new AbortController();
      const attempt = campaign(t.store, { prefix, lease: waiting.id, value: 'W', signal: controller.signal });
      await waitFor(async () => (await t.store.range(prefix)).kvs.length === 2);
      controller.abort(new Error('shutting down'));
      await expect(attempt).rejects.toThrow('shutting down');
      await waitFor(async () => (await t.store.range(prefix)).kvs.length === 1);
    });
  });
}
