/*
 * A member that stops answering without closing its connections (SIGSTOP here; a cut
 * cable on real hosts): the store's calls and watches move to the other members, so a
 * node lease renewed every 250 ms with a 1 s TTL survives, and the watch keeps
 * delivering. Before the store picked members itself, about a third of the calls kept
 * going to the silent member and waited out their deadline.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import type { WatchEvent } from '@wolfpack/store';
import { type EtcdStore, openEtcdStore } from '../src/index.ts';
import { startEtcdCluster, type EtcdCluster } from '../src/testing/index.ts';
import { eventually, waitUntil } from '@wolfpack/testing/conditions';
import { freeEtcdPorts } from '@wolfpack/testing/ports';

// What an agent with a 1 s lease uses (store-connection's etcdTimeoutsFor(1000)).
const timing = { requestTimeoutMs: 1000, attemptTimeoutMs: 250 };

describeWhen('etcd', 'etcd store, 3 members, one member frozen', () => {
  let cluster: EtcdCluster;
  const stores: EtcdStore[] = [];

  beforeAll(async () => {
    cluster = await startEtcdCluster({ members: 3, tuned: true, ...(await freeEtcdPorts(3)) });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await cluster?.stop();
  });

  it('moves calls and watches off a frozen follower: the lease survives, no read fails, at most the write in flight fails, the watch misses nothing', async () => {
    const leader = await eventually(
      async () => (await cluster.leaderIndex()) ?? Promise.reject(new Error('no leader yet')),
    );
    // A store whose calls go to a follower first, so freezing that follower hits it.
    let store: EtcdStore | undefined;
    while (!store) {
      const candidate = (await openEtcdStore({ endpoints: cluster.endpoints, ...timing })) as EtcdStore;
      stores.push(candidate);
      if (cluster.endpoints.indexOf(candidate.currentEndpoint) !== leader) store = candidate;
    }
    const frozen = cluster.endpoints.indexOf(store.currentEndpoint);

    const seen: WatchEvent[] = [];
    await store.watch('/u/', {}, { onBatch: (batch) => void seen.push(...batch.events) });
    const lease = await store.grantLease(1000);
    expect(lease.ttlMs).toBe(1000);
    await store.put('/u/before', 'v');

    const callsBefore = store.memberStats()[frozen]!.calls;
    cluster.pauseMember(frozen);
    const failures: string[] = [];
    const written: string[] = ['/u/before'];
    let renewing = true;
    const renewals = (async () => {
      while (renewing) {
        await store.keepAlive(lease.id).catch((error: Error) => failures.push(`keepAlive: ${error.message}`));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    let failedWrites = 0;
    for (let i = 0; i < 30; i += 1) {
      try {
        await store.put(`/u/${i}`, 'v');
        written.push(`/u/${i}`);
      } catch {
        failedWrites += 1; // sent to the frozen member before it was suspect: its outcome is unknown
      }
      await store.get('/u/before').catch((error: Error) => failures.push(`get: ${error.message}`));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    renewing = false;
    await renewals;

    expect(failures).toEqual([]);
    expect(failedWrites).toBeLessThanOrEqual(1);
    expect(await store.leaseTimeToLive(lease.id)).toBeDefined();
    // The calls steered clear: the frozen member got the calls in flight when it froze, not a share of the rest.
    expect(store.currentEndpoint).not.toBe(cluster.endpoints[frozen]);
    const stats = store.memberStats();
    expect(stats[frozen]!.suspect).toBe(true);
    expect(stats[frozen]!.calls - callsBefore, JSON.stringify(stats)).toBeLessThanOrEqual(3);
    // Every acknowledged write reaches the watch, in order, while the member is still frozen.
    // (A failed write may still have been committed: only acknowledged ones are counted.)
    const seenKeys = () => seen.map((event) => event.kv.key).filter((key) => written.includes(key));
    await waitUntil('the watch delivers every acknowledged write', () => seenKeys().length >= written.length, 3000);
    expect(seenKeys()).toEqual(written);

    // The member thaws: it answers again and the store keeps working.
    cluster.resumeMember(frozen);
    await store.put('/u/after', 'v');
    await waitUntil('the watch delivers the write after the thaw', () =>
      seen.some((event) => event.kv.key === '/u/after'),
    );
  }, 60_000);
});
