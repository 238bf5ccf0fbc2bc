/*
 * A node whose first join fails because its lease lapsed while the join waited on the
 * store (the embedded store's write lock held by another node, say): the agent joins
 * again by itself, backing off, instead of throwing out of start() and taking wolfpackd
 * with it. And a node told to stop while it waits to join again stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys, type NodeStatus } from '@wolfpack/contracts';
import { waitUntil } from '@wolfpack/testing/conditions';
import { NodeAgent } from '../../src/agent/node-agent.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore, PutOptions } from '@wolfpack/store';
import { createCatalog } from '../../src/catalog/catalog.ts';

let dir: string;
let store: ClusterStore;
let agent: NodeAgent | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-agent-join-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});
afterEach(async () => {
  await agent?.stop({ graceful: false });
  agent = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ttlMs = 400;
const statusKey = keys.nodeStatus('N1');

/** The real store, whose first `slow` puts of the node's status wait past the lease TTL (as behind another writer's lock). */
function slowStatusPuts(slow: number, leaseTtlMs = ttlMs): ClusterStore {
  let left = slow;
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (property !== 'put') return typeof value === 'function' ? value.bind(target) : value;
      return async (key: string, text: string, options?: PutOptions) => {
        if (key === statusKey && left > 0) {
          left -= 1;
          await new Promise((resolve) => setTimeout(resolve, leaseTtlMs + 200));
        }
        return target.put(key, text, options);
      };
    },
  });
}

function startAgent(clusterStore: ClusterStore, lines: string[], leaseTtlMs = ttlMs): NodeAgent {
  agent = new NodeAgent({
    store: clusterStore,
    node: 'N1',
    catalog: createCatalog([]),
    hostScript: '/nonexistent/resource-host.mjs', // no resources here: no host is started
    dataDir: dir,
    leaseTtlMs,
    log: (line) => lines.push(line),
  });
  return agent;
}

describe('a node whose first join lapses while it waits on the store', () => {
  it('joins on a retry, backing off, and stays a member', async () => {
    const lines: string[] = [];
    // Two lapsed joins: the second retry waits longer than the first.
    await startAgent(slowStatusPuts(2), lines).start();

    const retries = lines.filter((line) => line.startsWith('join failed:'));
    expect(retries).toHaveLength(2);
    // The reason: the store found the lease expired at the put, or the heartbeat found it lapsed after it.
    expect(retries[0]).toMatch(
      /^join failed: .*(lease lapsed while joining|lease \d+ does not exist).*; retrying in \d+ ms \(attempt 2\)$/,
    );
    expect(retries[1]).toMatch(/; retrying in \d+ ms \(attempt 3\)$/);
    const [first, second] = retries.map((line) => Number(/retrying in (\d+) ms/.exec(line)?.[1]));
    expect(first).toBeGreaterThanOrEqual(125);
    expect(first).toBeLessThanOrEqual(250);
    expect(second).toBeGreaterThanOrEqual(250);
    expect(second).toBeLessThanOrEqual(500);
    expect(lines).toContain(`joined the cluster (lease TTL ${ttlMs} ms)`);

    // A member: its status is Up, bound to a live lease, and stays so (renewed, not fenced).
    const up = await waitUntil('N1 Up', async () => {
      const kv = await store.get(statusKey);
      return kv && (JSON.parse(kv.value) as NodeStatus).phase === 'Up' ? kv : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 3 * ttlMs));
    expect(await store.leaseTimeToLive(up.lease)).toBeGreaterThan(0);
    expect((await store.get(statusKey))?.lease).toBe(up.lease);
    expect(lines.filter((line) => line.includes('FENCING'))).toEqual([]);
  }, 20_000);

  it('stops while it waits to join again: start() returns, and no lease of it is left', async () => {
    const lines: string[] = [];
    // A short lease, so that the fourth retry (a wait of 1–2 s) comes soon.
    const starting = startAgent(slowStatusPuts(Number.POSITIVE_INFINITY, 150), lines, 150).start();
    const waiting = await waitUntil('a fourth failed join', () => lines.find((line) => line.endsWith('(attempt 5)')));
    const delayMs = Number(/retrying in (\d+) ms/.exec(waiting)?.[1]);
    expect(delayMs).toBeGreaterThanOrEqual(1000);
    const stopSent = Date.now();
    await agent!.stop();
    await starting;
    // Woken from its wait (its first half at least is still to come), not left to finish it:
    // at the cap, that is up to 5 s after a SIGTERM.
    expect(Date.now() - stopSent).toBeLessThan(delayMs / 2);
    const leases = await waitUntil('its leases gone', async () => ((await store.get(statusKey)) ? undefined : true));
    expect(leases).toBe(true);
    expect(lines.some((line) => line.startsWith('joined the cluster'))).toBe(false);
  }, 20_000);
});
