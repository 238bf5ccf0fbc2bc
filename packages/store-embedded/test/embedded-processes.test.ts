/*
 * The embedded store shared by real OS processes: a writer in another process, a writer
 * killed with SIGKILL mid-burst, and a lease holder killed with SIGKILL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@wolfpack/testing/conditions';
import type { ClusterStore, WatchEvent } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { bundleStoreWorker, startWorker, type Worker } from '@wolfpack/testing/store-worker-process';

let bundle: string;
let dir: string;
const stores: ClusterStore[] = [];
const workers: Worker[] = [];

beforeAll(async () => {
  bundle = await bundleStoreWorker();
});
afterAll(() => rmSync(bundle, { force: true }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-store-processes-'));
});

afterEach(async () => {
  for (const worker of workers.splice(0)) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  for (const store of stores.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<ClusterStore> {
  const store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  stores.push(store);
  return store;
}

function watchAll(store: ClusterStore, prefix: string, fromRevision?: number) {
  const events: WatchEvent[] = [];
  const errors: Error[] = [];
  const started = store.watch(prefix, fromRevision === undefined ? {} : { fromRevision }, {
    onBatch: (batch) => void events.push(...batch.events),
    onError: (error) => void errors.push(error),
  });
  return { events, errors, started };
}

/** The acknowledged writes a worker printed: revision and keys. */
const acks = (worker: Worker) =>
  worker.lines
    .filter((line) => line.startsWith('ack '))
    .map((line) => {
      const [, revision, ...keys] = line.split(' ');
      return { revision: Number(revision), keys };
    });

describe('embedded store across processes', () => {
  it('delivers every write of another process to a watcher here, in order', async () => {
    const store = await open();
    const watch = watchAll(store, '/p/');
    await watch.started;
    const writer = startWorker(bundle, ['writer', join(dir, 'cluster.db'), '/p/', '300']);
    workers.push(writer);
    await writer.lineMatching(/^done$/);
    const acked = acks(writer);
    const expectedKeys = acked.flatMap((ack) => ack.keys);
    await waitUntil('all writes watched', () => watch.events.length >= expectedKeys.length, 20_000, 10);
    expect(watch.events.map((event) => event.kv.key)).toEqual(expectedKeys);
    expect(watch.events.map((event) => event.kv.modRevision)).toEqual(
      acked.flatMap((ack) => ack.keys.map(() => ack.revision)),
    );
    expect(watch.errors).toEqual([]);
  });

  it.each(['power', 'process'])(
    'keeps every acknowledged write of a process killed with SIGKILL mid-burst (durability %s)',
    async (durability) => {
      const path = join(dir, 'cluster.db');
      const writer = startWorker(bundle, ['writer', path, '/k/', 'forever'], { WOLFPACK_STORE_DURABILITY: durability });
      workers.push(writer);
      await writer.lineMatching(/^ack .* \/k\/000500/);
      writer.child.kill('SIGKILL');
      await writer.exited;
      const acked = acks(writer);
      const store = await open();
      const present = new Map((await store.range('/k/')).kvs.map((kv) => [kv.key, kv.modRevision]));
      for (const ack of acked) for (const key of ack.keys) expect(present.get(key), key).toBe(ack.revision);
      expect(await store.revision()).toBeGreaterThanOrEqual(acked.at(-1)!.revision);
      // The file is usable for writing after the crash.
      expect(await store.put('/k/after-crash', 'ok')).toBeGreaterThan(acked.at(-1)!.revision);
    },
  );

  it("deletes a SIGKILLed process's leased keys after the TTL, seen through watch", async () => {
    const ttl = 800;
    const store = await open();
    const holder = startWorker(bundle, ['lease-holder', join(dir, 'cluster.db'), '/n/', String(ttl)]);
    workers.push(holder);
    const lease = Number((await holder.lineMatching(/^ready /)).split(' ')[1]);
    const watch = watchAll(store, '/n/');
    await watch.started;
    // Alive and renewing from its own process: the keys outlive the TTL.
    await new Promise((resolve) => setTimeout(resolve, ttl * 2));
    expect((await store.range('/n/')).kvs.map((kv) => [kv.key, kv.lease])).toEqual([
      ['/n/a', lease],
      ['/n/b', lease],
    ]);
    holder.child.kill('SIGKILL');
    await holder.exited;
    await waitUntil('leased keys deleted', () => watch.events.length >= 2, ttl * 3 + 5000, 10);
    expect(watch.events.map((event) => [event.type, event.kv.key])).toEqual([
      ['delete', '/n/a'],
      ['delete', '/n/b'],
    ]);
    expect(await store.range('/n/')).toMatchObject({ kvs: [] });
    expect(await store.leaseTimeToLive(lease)).toBeUndefined();
  });
});
