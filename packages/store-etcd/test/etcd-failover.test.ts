/*
 * The etcd store on a 3-member cluster while members die: kill -9 of the leader costs at
 * most the calls in flight; with two members down writes and lease renewals fail with
 * 'unavailable' within the request timeout (what makes an agent fence itself); when the
 * members return, everything works again and the watch resumes without a gap.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import type { ClusterStore, StoreError, WatchEvent } from '@wolfpack/store';
import { openEtcdStore } from '../src/index.ts';
import { startEtcdCluster, type EtcdCluster } from '../src/testing/index.ts';
import { eventually, waitUntil } from '@wolfpack/testing/conditions';
import { freeEtcdPorts } from '@wolfpack/testing/ports';

const requestTimeoutMs = 2000;

describeWhen('etcd', 'etcd store, 3 members, member failures', () => {
  let cluster: EtcdCluster;
  let store: ClusterStore;

  beforeAll(async () => {
    cluster = await startEtcdCluster({ members: 3, tuned: true, ...(await freeEtcdPorts(3)) });
    store = await openEtcdStore({ endpoints: cluster.endpoints, requestTimeoutMs, keepAliveIntervalMs: 2000 });
  });
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });

  it('keeps working when the leader is killed, fails with unavailable without a majority, and recovers when members return', async () => {
    const seen: WatchEvent[] = [];
    const watchErrors: StoreError[] = [];
    await store.watch(
      '/f/',
      { fromRevision: (await store.revision()) + 1 },
      {
        onBatch: (batch) => void seen.push(...batch.events),
        onError: (error) => void watchErrors.push(error),
      },
    );
    const lease = await store.grantLease(30_000);
    const written: string[] = [];
    const write = async (key: string) => {
      await store.put(key, 'v');
      written.push(key);
    };
    await write('/f/before');

    // kill -9 of the leader: a call in flight may fail (its outcome unknown); the next ones succeed.
    const leader = await eventually(
      async () => (await cluster.leaderIndex()) ?? Promise.reject(new Error('no leader yet')),
    );
    await cluster.killMember(leader, 'SIGKILL');
    const killedAt = Date.now();
    await eventually(() => write('/f/one-down-0'));
    const firstWriteAfterKill = Date.now() - killedAt;
    for (let i = 1; i <= 20; i += 1) await write(`/f/one-down-${i}`);
    await store.keepAlive(lease.id);
    expect((await store.get('/f/before'))?.value).toBe('v');

    // A second member down: no majority, so no write, read or lease renewal can succeed.
    const second = [0, 1, 2].find((index) => index !== leader)!;
    await cluster.killMember(second, 'SIGKILL');
    const started = Date.now();
    // A survivor that led keeps renewing leases (etcd's lessor needs no quorum for that)
    // until raft's check-quorum steps it down: only then is the majority surely gone.
    const stepDown = waitUntil(
      'the survivor no longer leads',
      async () => (await cluster.leaderIndex()) === undefined,
      10_000,
    );
    await expect(store.put('/f/no-majority', 'x')).rejects.toMatchObject({ code: 'unavailable' });
    const failedAfter = Date.now() - started;
    expect(failedAfter).toBeLessThan(requestTimeoutMs + 3000);
    await stepDown;
    await expect(store.keepAlive(lease.id)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.get('/f/before')).rejects.toMatchObject({ code: 'unavailable' });

    await cluster.startMember(leader);
    await cluster.startMember(second);
    const restartedAt = Date.now();
    await eventually(() => write('/f/back-0'), 30_000);
    const firstWriteAfterRestart = Date.now() - restartedAt;
    for (let i = 1; i <= 20; i += 1) await write(`/f/back-${i}`);
    await store.keepAlive(lease.id);

    // The watch crossed both outages: every acknowledged write, in order, none twice.
    // ('/f/no-majority' failed as unavailable: etcd may still commit it later, so it is not counted.)
    const seenKeys = () => seen.map((event) => event.kv.key).filter((key) => key !== '/f/no-majority');
    await waitUntil('the watch delivers every write', () => seenKeys().length >= written.length, 15_000);
    expect(seenKeys()).toEqual(written);
    expect(watchErrors).toEqual([]);
    console.log(
      `[etcd failover] first write after kill -9 of the leader: ${firstWriteAfterKill} ms; ` +
        `write without a majority failed after ${failedAfter} ms; first write after restarting 2 members: ${firstWriteAfterRestart} ms`,
    );
  });
});
