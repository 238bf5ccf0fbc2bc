/*
 * The agent's status writes when the store does not answer cleanly. A write that failed
 * must not leave the cluster showing a stale state (a group Pending for good), and a write
 * that landed although its call failed (etcd: timed out after it was sent) must not make
 * the node believe another node took its resource.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys, type ResourceStatus } from '@wolfpack/contracts';
import { waitUntil } from '@wolfpack/testing/conditions';
import { StatusPublisher } from '../../src/agent/status-publisher.ts';
import { newLocalResource, type LocalResource } from '../../src/agent/local-resource.ts';
import { followClusterState, type StateFollower } from '../../src/follow/state-follower.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { StoreError, type ClusterStore, type TxnRequest } from '@wolfpack/store';

type Fault = 'lands-then-fails' | 'fails';

/** The real embedded store, except that the next transactions fail as etcd's can. */
function withFaults(store: ClusterStore, faults: Fault[]): ClusterStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'txn') {
        return async (request: TxnRequest) => {
          const fault = faults.shift();
          if (fault === 'fails') throw new StoreError('unavailable', 'txn failed: no etcd member answered');
          const result = await target.txn(request);
          if (fault === 'lands-then-fails') throw new StoreError('unavailable', 'txn failed: deadline exceeded');
          return result;
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('StatusPublisher when the store fails', () => {
  let dir: string;
  let store: ClusterStore;
  let follower: StateFollower;
  let faults: Fault[];
  let publisher: StatusPublisher;
  let lease: number;
  const resource: LocalResource = newLocalResource('DISK_S', 'SOCKET_GROUP', Date.now());
  const status = async () => {
    const kv = await store.get(keys.resourceStatus('DISK_S'));
    return kv ? (JSON.parse(kv.value) as ResourceStatus) : undefined;
  };
  const setState = (state: LocalResource['state']) => {
    resource.state = state;
    resource.since = Date.now();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-publisher-'));
    store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
    follower = await followClusterState(store, { onChange: () => undefined });
    lease = (await store.grantLease(30_000)).id;
    faults = [];
    publisher = new StatusPublisher({
      store: withFaults(store, faults),
      node: 'OSDB_SERV',
      lease: () => lease,
      follower: () => follower,
    });
  });
  afterEach(async () => {
    publisher.forgetAll();
    await follower.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a status again once the store answers, with the state the resource has then', async () => {
    setState('OnlinePending');
    expect(await publisher.publish(resource)).toBe(true);
    faults.push('fails', 'fails', 'fails');
    setState('Online');
    expect(await publisher.publish(resource)).toBe(false);
    expect((await status())?.state).toBe('OnlinePending');
    await waitUntil(
      'the Online status is written after the store recovers',
      async () => (await status())?.state === 'Online',
      5000,
    );
    expect(faults).toEqual([]);
    expect(publisher.owns('DISK_S')).toBe(true);
  });

  it('stops trying when the node is fenced, and never writes the status of a resource deleted meanwhile', async () => {
    setState('Online');
    faults.push('fails');
    expect(await publisher.publish(resource)).toBe(false);
    publisher.forgetAll(); // fenced: the lease is gone, whatever was unsent is moot
    const deleted = newLocalResource('DISK_GONE', 'SOCKET_GROUP', Date.now());
    faults.push('fails');
    expect(await publisher.publish(deleted)).toBe(false);
    publisher.forget('DISK_GONE');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await status()).toBeUndefined();
    expect(await store.get(keys.resourceStatus('DISK_GONE'))).toBeUndefined();
  });

  it('keeps a resource whose write landed although the call failed, and writes over it', async () => {
    setState('OnlinePending');
    faults.push('lands-then-fails');
    expect(await publisher.publish(resource)).toBe(false);
    expect((await status())?.state).toBe('OnlinePending');
    setState('Online');
    expect(await publisher.publish(resource)).toBe(true);
    expect(await status()).toMatchObject({ state: 'Online', node: 'OSDB_SERV' });
    expect(publisher.owns('DISK_S')).toBe(true);
  });

  it('backs off when another node took the resource over since, and does not retry', async () => {
    setState('Online');
    expect(await publisher.publish(resource)).toBe(true);
    const other: ResourceStatus = {
      name: 'DISK_S',
      group: 'SOCKET_GROUP',
      node: 'OSDB_BACK',
      epoch: 2,
      state: 'OnlinePending',
      since: Date.now(),
      failures: [],
    };
    const otherLease = (await store.grantLease(30_000)).id;
    await store.put(keys.resourceStatus('DISK_S'), JSON.stringify(other), { lease: otherLease });
    setState('OfflinePending');
    expect(await publisher.publish(resource)).toBe(false);
    expect(publisher.owns('DISK_S')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await status()).toEqual(other);
  });
});
