import { keys, type ClusterConfig, type NodeStatus, type Placement } from '@wolfpack/contracts';
import { freeUdpPort } from '@wolfpack/testing/ports';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailoverManager } from '../../src/manager/failover-manager.ts';
import { openTestCluster, type TestCluster } from '../commands/helpers.ts';
import { FakeClock, runUntil } from '../runtime/fake-clock.ts';

/*
 * The failover manager on the real embedded store and a fake clock: its candidacy, its
 * passes and its time-based rules run in milliseconds. The candidacy lease is long (the
 * store counts it in real time), so only the fake clock decides when anything is due.
 */

const leaseTtlMs = 10_000;
let cluster: TestCluster;
let clock: FakeClock;
let managers: FailoverManager[];
let logs: string[];

beforeEach(async () => {
  cluster = await openTestCluster();
  clock = new FakeClock();
  managers = [];
  logs = [];
  const config: ClusterConfig = {
    name: 'INS_CLUS',
    description: '',
    nodeLeaseTtlMs: 1000,
    dnsAddress: '127.0.0.1',
    dnsPort: await freeUdpPort(),
    createdAt: 0,
  };
  await cluster.store.put(keys.cluster, JSON.stringify(config));
  await cluster.run({ type: 'create-node', name: 'A' });
  await cluster.run({ type: 'create-node', name: 'B' });
  await cluster.run({ type: 'create-group', name: 'G', policy: { preferredOwners: ['A', 'B'] } });
});
afterEach(async () => {
  for (const manager of managers) await manager.stop();
  await cluster.close();
});

/** What a node agent writes when it starts (its status, at the fake clock's time). */
async function nodeUp(name: string): Promise<void> {
  const status: NodeStatus = {
    name,
    phase: 'Up',
    pid: 4242,
    hostname: 'localhost',
    startedAt: clock.now(),
    leaseTtlMs: 1000,
  };
  await cluster.store.put(keys.nodeStatus(name), JSON.stringify(status));
}

function startManager(node: string): FailoverManager {
  const manager = new FailoverManager({
    store: cluster.store,
    node,
    leaseTtlMs,
    clock,
    log: (line) => logs.push(`${node}: ${line}`),
  });
  managers.push(manager);
  manager.start();
  return manager;
}

async function placement(group: string): Promise<Placement | undefined> {
  const kv = await cluster.store.get(keys.placement(group));
  return kv ? (JSON.parse(kv.value) as Placement) : undefined;
}

const within = <T>(ms: number, what: string, probe: () => Promise<T | undefined | false>) =>
  runUntil(clock, ms, what, probe, { explain: () => `log: ${logs.join(' / ')}` });

describe('FailoverManager', () => {
  it('places a group on its preferred owner once it leads, and elsewhere when that owner goes Down', async () => {
    await nodeUp('A');
    await nodeUp('B');
    const manager = startManager('A');
    const first = await within(1000, 'G placed', () => placement('G'));
    expect(manager.isLeader).toBe(true);
    expect(first).toMatchObject({ node: 'A', reason: 'initial' });

    // Past formation (3 × TTL after the first node started), a Down owner's groups move at once.
    await clock.advance(3 * leaseTtlMs);
    await cluster.store.delete(keys.nodeStatus('A'));
    const moved = await within(1000, 'G on B', async () => (await placement('G'))?.node === 'B' && placement('G'));
    expect(moved).toMatchObject({ node: 'B', reason: 'node-down' });
    expect(moved.epoch).toBeGreaterThan(first.epoch);
  });

  it("waits for a forming cluster's late nodes 3 × TTL of the clock, then places without them", async () => {
    await nodeUp('A');
    startManager('A');
    await within(1000, 'leading', async () => managers[0]!.isLeader);
    await clock.advance(3 * leaseTtlMs - 1000);
    expect(await placement('G')).toBeUndefined();
    const placed = await within(2000, 'G placed after formation', () => placement('G'));
    expect(placed).toMatchObject({ node: 'A', reason: 'initial' });
  });

  it('has one leader at a time: a second candidate takes over only when the first stops', async () => {
    await nodeUp('A');
    await nodeUp('B');
    const first = startManager('A');
    await within(1000, 'A leading', async () => first.isLeader);
    const second = startManager('B');
    await clock.advance(2000);
    expect(second.isLeader).toBe(false);

    await first.stop();
    await within(1000, 'B leading', async () => second.isLeader);
    expect(logs).toContain('B: became the failover manager');
  });

  it('gives up leading when its candidacy lease is gone from the store, and campaigns again', async () => {
    await nodeUp('A');
    const manager = startManager('A');
    await within(1000, 'leading', async () => manager.isLeader);
    const { kvs } = await cluster.store.range(keys.managerElection);
    await cluster.store.revokeLease(kvs[0]!.lease);
    await within(1000, 'the role lost', async () => logs.includes('A: lost the failover manager role'));
    await within(1000, 'leading again', async () => manager.isLeader);
    const again = await cluster.store.range(keys.managerElection);
    expect(again.kvs.map((kv) => kv.lease)).not.toContain(kvs[0]!.lease);
  });
});
