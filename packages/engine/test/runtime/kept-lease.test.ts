import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeptLease } from '../../src/runtime/index.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore } from '@wolfpack/store';
import { FakeClock, settle } from './fake-clock.ts';

let dir: string;
let store: ClusterStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-kept-lease-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The real store, whose keepAlive answers only when the test says (as behind a slow disk),
 * counting the renewals sent.
 */
function heldRenewals(target: ClusterStore) {
  const held: (() => void)[] = [];
  let sent = 0;
  const wrapped = new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object);
      if (property !== 'keepAlive') return typeof value === 'function' ? value.bind(object) : value;
      return async (lease: number) => {
        sent += 1;
        await new Promise<void>((resolve) => held.push(resolve));
        return object.keepAlive(lease);
      };
    },
  });
  return { store: wrapped, held, sent: () => sent };
}

/** A lease of 1000 ms (renewed every 250) on a fake clock, recording what it reports. */
function keptLease(on: ClusterStore, clock: FakeClock) {
  const lost: string[] = [];
  const validUntils: number[] = [];
  const logs: string[] = [];
  const lease = new KeptLease({
    store: on,
    ttlMs: 1000,
    clock,
    onValidUntil: (validUntil) => validUntils.push(validUntil),
    onLost: (reason) => lost.push(reason),
    log: (message) => logs.push(message),
  });
  return { lease, lost, validUntils, logs };
}

describe('KeptLease', () => {
  it('counts validity from when a renewal was sent, not from its late answer', async () => {
    const clock = new FakeClock();
    const slow = heldRenewals(store);
    const { lease, validUntils } = keptLease(slow.store, clock);
    await lease.grant();
    lease.keep();
    const start = clock.now();
    await clock.advance(250); // the renewal is sent at +250
    expect(slow.sent()).toBe(1);
    await clock.advance(400); // and answered at +650
    slow.held.shift()!();
    await settle();
    expect(validUntils).toEqual([start + 250 + 1000]);
    expect(lease.isValid(start + 1249)).toBe(true);
    expect(lease.isValid(start + 1250)).toBe(false);
    await lease.stop({ revoke: true });
  });

  it('does not act before its first renewal, then renews every quarter TTL', async () => {
    const clock = new FakeClock();
    const { lease, validUntils, lost } = keptLease(store, clock);
    await lease.grant();
    expect(lease.isValid()).toBe(false);
    await lease.renewNow();
    lease.keep();
    expect(lease.isValid()).toBe(true);
    const start = clock.now();
    await clock.advance(1000);
    expect(validUntils).toEqual([start, start + 250, start + 500, start + 750, start + 1000].map((at) => at + 1000));
    expect(lost).toEqual([]);
    await lease.stop({ revoke: true });
  });

  it('never sends a renewal once the lease may have expired: it is lost', async () => {
    const clock = new FakeClock();
    const slow = heldRenewals(store);
    const { lease, lost } = keptLease(slow.store, clock);
    await lease.grant();
    lease.keep();
    await clock.advance(250);
    await clock.advance(2000); // the renewal sent at +250 answers after the lease ran out
    slow.held.shift()!();
    await settle();
    await clock.advance(250); // the next one would be sent at +2500: past +1250
    expect(slow.sent()).toBe(1);
    expect(lost).toEqual(['lease not renewed in time (1250 ms late)']);
    expect(lease.isValid()).toBe(false);
    expect(lease.validUntil).toBe(0);
    await lease.stop({ revoke: true });
  });

  it('is lost when the store no longer has it', async () => {
    const clock = new FakeClock();
    const { lease, lost, logs } = keptLease(store, clock);
    const id = await lease.grant();
    lease.keep();
    await store.revokeLease(id);
    await clock.advance(250);
    expect(lost).toEqual(['lease expired in the store']);
    expect(logs[0]).toMatch(/^lease renewal failed: keepAlive: lease \d+ does not exist/);
    expect(clock.pending).toBe(0);
  });

  it('stops renewing when stopped, without calling onLost, and revokes if asked', async () => {
    const clock = new FakeClock();
    const { lease, lost } = keptLease(store, clock);
    const id = await lease.grant();
    lease.keep();
    await lease.stop({ revoke: true });
    await clock.advance(5000);
    expect(lost).toEqual([]);
    await expect(store.keepAlive(id)).rejects.toMatchObject({ code: 'lease-not-found' });
  });

  it('refuses a first renewal due after the lease ran out, revoking it', async () => {
    const clock = new FakeClock();
    const { lease, lost } = keptLease(store, clock);
    const id = await lease.grant();
    clock.jump(1000);
    await expect(lease.renewNow()).rejects.toThrow('lease lapsed while joining (0 ms late)');
    expect(lost).toEqual([]);
    await expect(store.keepAlive(id)).rejects.toMatchObject({ code: 'lease-not-found' });
  });
});
