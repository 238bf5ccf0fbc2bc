/*
 * What only the etcd store has to show: TTLs in whole seconds, key namespaces, lease ids
 * that survive as numbers, unreachable endpoints, and the errors of compact and watch.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import type { ClusterStore, StoreError } from '@wolfpack/store';
import { openEtcdStore } from '../src/index.ts';
import { startEtcdCluster, type EtcdCluster } from '../src/testing/index.ts';
import { waitUntil } from '@wolfpack/testing/conditions';
import { freeEtcdPorts, freeTcpPort } from '@wolfpack/testing/ports';

describeWhen('etcd', 'etcd store specifics', () => {
  let cluster: EtcdCluster;
  const opened: ClusterStore[] = [];
  const open = async (prefix: string) => {
    const store = await openEtcdStore({ endpoints: cluster.endpoints, prefix });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    cluster = await startEtcdCluster({ members: 1, tuned: true, ...(await freeEtcdPorts(1)) });
  });
  afterAll(async () => {
    for (const store of opened) await store.close();
    await cluster?.stop();
  });

  it("rounds lease TTLs up to whole seconds, at least etcd's minimum (1 s when tuned)", async () => {
    const store = await open('/ttl');
    expect((await store.grantLease(1500)).ttlMs).toBe(2000);
    expect((await store.grantLease(100)).ttlMs).toBe(1000);
    const lease = await store.grantLease(3000);
    expect(Number.isSafeInteger(lease.id)).toBe(true);
    const left = await store.leaseTimeToLive(lease.id);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(3000);
  });

  it('keeps each namespace to itself', async () => {
    const blue = await open('/blue');
    const green = await open('/green');
    await blue.put('/k', 'blue');
    await green.put('/k', 'green');
    expect((await blue.get('/k'))?.value).toBe('blue');
    expect((await green.range('')).kvs.map((kv) => [kv.key, kv.value])).toEqual([['/k', 'green']]);
    await green.txn({ compare: [], success: [{ op: 'deletePrefix', prefix: '' }] });
    expect((await blue.get('/k'))?.value).toBe('blue');
    expect(await green.get('/k')).toBeUndefined();
  });

  it("refuses to compact to a future revision with 'invalid'", async () => {
    const store = await open('/compact');
    const current = await store.revision();
    await expect(store.compact(current + 1000)).rejects.toMatchObject({ code: 'invalid' });
  });

  it("ends a watch whose onBatch throws with onError('invalid')", async () => {
    const store = await open('/throws');
    const errors: StoreError[] = [];
    let calls = 0;
    await store.watch(
      '/',
      {},
      {
        onBatch: () => {
          calls += 1;
          throw new Error('handler broke');
        },
        onError: (error) => void errors.push(error),
      },
    );
    await store.put('/a', '1');
    await waitUntil('the watch reports the failure', () => errors.length === 1);
    await store.put('/b', '2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors.map((error) => error.code)).toEqual(['invalid']);
    expect(calls).toBe(1);
  });

  it("fails with 'unavailable' within the request timeout when no member answers", async () => {
    const nobody = `http://127.0.0.1:${await freeTcpPort()}`;
    const started = Date.now();
    await expect(openEtcdStore({ endpoints: [nobody], requestTimeoutMs: 800 })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(Date.now() - started).toBeLessThan(800 + 2000);
  });
});
