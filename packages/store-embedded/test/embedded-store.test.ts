/* What only the embedded store promises (the shared contract is in conformance.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@wolfpack/testing/conditions';
import type { ClusterStore, WatchBatch, StoreError } from '@wolfpack/store';
import { openEmbeddedStore, type EmbeddedStoreOptions } from '@wolfpack/store-embedded';

let dir: string;
let path: string;
const opened: ClusterStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-embedded-'));
  path = join(dir, 'data', 'cluster.db');
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: Partial<EmbeddedStoreOptions> = {}): Promise<ClusterStore> {
  const store = await openEmbeddedStore({ path, ...options });
  opened.push(store);
  return store;
}

function record(store: ClusterStore, prefix: string, fromRevision: number) {
  const batches: WatchBatch[] = [];
  const errors: StoreError[] = [];
  const started = store.watch(
    prefix,
    { fromRevision },
    { onBatch: (batch) => void batches.push(batch), onError: (error) => void errors.push(error) },
  );
  return { batches, errors, started, events: () => batches.flatMap((batch) => batch.events) };
}

describe('embedded store', () => {
  it('commits writes that queue up together, each with its own revision, and one that fails leaves the others alone', async () => {
    const store = await open();
    const gone = (await store.grantLease(60_000)).id;
    await store.revokeLease(gone);
    const watched = record(store, '/batch/', (await store.revision()) + 1);
    await watched.started;
    // Fired without waiting: they queue behind one another and commit in few transactions.
    const writes = Array.from({ length: 60 }, (_, i) =>
      store.put(`/batch/${String(i).padStart(2, '0')}`, `v${i}`, i % 10 === 9 ? { lease: gone } : {}),
    );
    const cas = store.txn({
      compare: [{ key: '/batch/00', target: 'exists', value: false }],
      success: [{ op: 'put', key: '/batch/cas', value: 'x' }],
    });
    const settled = await Promise.allSettled(writes);
    const revisions = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = settled.flatMap((outcome, i) =>
      outcome.status === 'rejected' ? [[i, (outcome.reason as StoreError).code]] : [],
    );
    expect(refused).toEqual([9, 19, 29, 39, 49, 59].map((i) => [i, 'lease-not-found']));
    expect(revisions).toHaveLength(54);
    for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBe(revisions[i - 1]! + 1);
    // The compare ran after the writes queued before it: /batch/00 existed, so it failed.
    expect((await cas).succeeded).toBe(false);
    expect(await store.get('/batch/09')).toBeUndefined();
    await waitUntil('the watch sees every committed write', () => watched.events().length === 54, 10_000, 10);
    expect(watched.events().map((event) => event.kv.modRevision)).toEqual(revisions);
  });

  it('keeps keys, revisions and leases in its file across close and reopen', async () => {
    const first = await open();
    const lease = await first.grantLease(60_000);
    await first.put('/a/kept', 'v', { lease: lease.id });
    const revision = await first.put('/a/other', 'w');
    await first.close();
    const again = await open();
    expect(await again.revision()).toBe(revision);
    expect((await again.get('/a/kept'))?.lease).toBe(lease.id);
    await again.keepAlive(lease.id);
    expect(await again.put('/a/next', 'x')).toBe(revision + 1);
  });

  it('never reuses a lease id, so a late keepAlive cannot renew someone else’s lease', async () => {
    const store = await open();
    const first = await store.grantLease(60_000);
    await store.revokeLease(first.id);
    const second = await store.grantLease(60_000);
    expect(second.id).not.toBe(first.id);
    await expect(store.keepAlive(first.id)).rejects.toMatchObject({ code: 'lease-not-found' });
  });

  it('compacts its change log on its own, keeping the configured history', async () => {
    const store = await open({ historyRevisions: 50 });
    const start = (await store.revision()) + 1;
    for (let i = 0; i < 200; i += 1) await store.put('/h/k', String(i));
    const current = await store.revision();
    const old = record(store, '/h/', start);
    await old.started;
    await waitUntil('compacted error', () => old.errors.length === 1, 10_000, 10);
    expect(old.errors[0]?.code).toBe('compacted');
    const recent = record(store, '/h/', current - 49);
    await recent.started;
    await waitUntil('last 50 revisions', () => recent.events().length === 50, 10_000, 10);
    expect(recent.events().at(-1)?.kv.value).toBe('199');
  });

  it('delivers a revision of many events whole, and a long history in several ordered batches', async () => {
    const store = await open();
    const start = (await store.revision()) + 1;
    for (let i = 0; i < 30; i += 1) {
      await store.txn({
        compare: [],
        success: Array.from({ length: 100 }, (_, j) => ({ op: 'put' as const, key: `/b/${i}/${j}`, value: 'x' })),
      });
    }
    const wipe = await store.txn({ compare: [], success: [{ op: 'deletePrefix', prefix: '/b/' }] });
    const watch = record(store, '/b/', start);
    await watch.started;
    await waitUntil('all events', () => watch.events().length === 6000, 10_000, 10);
    expect(watch.batches.length).toBeGreaterThan(1);
    const deletes = watch.batches.filter((batch) => batch.events.some((event) => event.type === 'delete'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]!.events.filter((event) => event.kv.modRevision === wipe.revision)).toHaveLength(3000);
    const revisions = watch.events().map((event) => event.kv.modRevision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  });

  it('ranges over keys with characters beyond ASCII exactly by prefix', async () => {
    const store = await open();
    for (const key of ['/u/é', '/u/é/x', '/u/ê', '/u/\u{10FFFF}', '/u/\u{10FFFF}a', '/u/\uD7FF', '/u/\uE000', '/v'])
      await store.put(key, 'x');
    const keysOf = async (prefix: string) => (await store.range(prefix)).kvs.map((kv) => kv.key);
    expect(await keysOf('/u/é')).toEqual(['/u/é', '/u/é/x']);
    expect(await keysOf('/u/\u{10FFFF}')).toEqual(['/u/\u{10FFFF}', '/u/\u{10FFFF}a']);
    expect(await keysOf('/u/\uD7FF')).toEqual(['/u/\uD7FF']);
    expect(await keysOf('/u/')).toHaveLength(7);
  });

  it('names the key and the rule when refusing a write', async () => {
    const store = await open();
    await expect(store.put('', 'x')).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('key must be a non-empty string'),
    });
    await expect(store.put('/x', 'v', { lease: 42 })).rejects.toMatchObject({
      code: 'lease-not-found',
      message: expect.stringContaining('/x'),
    });
    await expect(store.compact((await store.revision()) + 10)).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('future'),
    });
  });
});
