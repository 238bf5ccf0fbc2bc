import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keys, type NodeStatus } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeAgent } from '../../src/agent/node-agent.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore } from '@wolfpack/store';
import { createCatalog } from '../../src/catalog/catalog.ts';
import { FakeClock, runUntil } from '../runtime/fake-clock.ts';

/*
 * The node agent's membership on the real embedded store and a fake clock: joining,
 * marking Up, fencing when its lease is gone and joining again, leaving. Its lease is
 * long in the store's real time, so only the fake clock decides when renewals are due.
 */

const ttlMs = 8000;
let dir: string;
let store: ClusterStore;
let clock: FakeClock;
let agent: NodeAgent;
let logs: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-node-agent-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  clock = new FakeClock();
  logs = [];
  agent = new NodeAgent({
    store,
    node: 'N1',
    catalog: createCatalog([]),
    hostScript: '/nonexistent/resource-host.mjs',
    dataDir: dir,
    leaseTtlMs: ttlMs,
    clock,
    log: (line) => logs.push(line),
  });
});
afterEach(async () => {
  await agent.stop({ graceful: false });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function nodeStatus() {
  const kv = await store.get(keys.nodeStatus('N1'));
  return kv ? { lease: kv.lease, status: JSON.parse(kv.value) as NodeStatus } : undefined;
}

const within = <T>(ms: number, what: string, probe: () => Promise<T | undefined | false>) =>
  runUntil(clock, ms, what, probe, { realMs: 2, explain: () => `log: ${logs.join(' / ')}` });

const up = async () => {
  const status = await nodeStatus();
  return status?.status.phase === 'Up' && status;
};

describe('NodeAgent membership', () => {
  it('joins with a lease bound to its status, and marks the node Up after its first pass', async () => {
    await agent.start();
    expect((await nodeStatus())?.status).toMatchObject({ phase: 'Joining', leaseTtlMs: ttlMs });
    const joined = await within(100, 'Up', up);
    expect(await store.leaseTimeToLive(joined.lease)).toBeGreaterThan(0);
    expect(logs).toContain(`joined the cluster (lease TTL ${ttlMs} ms)`);
  });

  it('writes the time it started by its clock: cluster formation counts from the earliest startedAt', async () => {
    const started = clock.now();
    await agent.start();
    expect((await nodeStatus())?.status.startedAt).toBe(started);
  });

  it('fences when the store no longer has its lease, then joins again with a new one', async () => {
    await agent.start();
    const first = await within(100, 'Up', up);
    await store.revokeLease(first.lease);
    // The next renewal (a quarter TTL on) finds the lease gone.
    const again = await within(ttlMs, 'Up again', async () => {
      const status = await up();
      return status && status.lease !== first.lease && status;
    });
    expect(logs).toContain('FENCING: lease expired in the store; terminating every resource on this node');
    expect(await store.leaseTimeToLive(again.lease)).toBeGreaterThan(0);
  });

  it('fences when a renewal comes due after its lease could have expired, rather than renewing it, and joins again', async () => {
    await agent.start();
    const first = await within(100, 'Up', up);
    // The process was frozen past the lease: time jumps, and the renewal due is late.
    clock.jump(ttlMs);
    const again = await within(ttlMs, 'Up again', async () => {
      const status = await up();
      return status && status.lease !== first.lease && status;
    });
    expect(logs.find((line) => line.startsWith('FENCING: lease not renewed in time'))).toBeDefined();
    expect(again.lease).not.toBe(first.lease);
  });

  it('leaves: the lease is revoked and the node status gone', async () => {
    await agent.start();
    const joined = await within(100, 'Up', up);
    await agent.stop();
    expect(await nodeStatus()).toBeUndefined();
    expect(await store.leaseTimeToLive(joined.lease)).toBeUndefined();
  });
});
