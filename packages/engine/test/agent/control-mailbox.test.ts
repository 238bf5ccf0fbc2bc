/*
 * A control code runs at most once per request: when the mailbox's watch ends with an
 * error while a request is being handled, the mailbox reads the waiting requests again,
 * and the one it is running must not be among them (a non-read-only code, such as a
 * chat server's kick, would act twice).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys, type ControlReplyRecord, type ControlRequestRecord } from '@wolfpack/contracts';
import { waitUntil } from '@wolfpack/testing/conditions';
import { openControlMailbox } from '../../src/agent/control-mailbox.ts';
import { StoreError, type ClusterStore, type Watch, type WatchHandlers } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';

let dir: string;
let store: ClusterStore;
let mailbox: Watch | undefined;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-mailbox-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
});
afterEach(async () => {
  await mailbox?.cancel();
  mailbox = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The real store, whose first watch of the control requests can be made to end with
 * 'unavailable' (as the embedded store's does when SQLite stays busy too long); counts
 * the mailbox's reads of the waiting requests; `beforeTxn` runs before each transaction.
 */
function withBreakableWatch(
  reads: { count: number },
  beforeTxn: () => Promise<void> = async () => undefined,
): { store: ClusterStore; breakWatch(): void } {
  let first: { watch: Watch; handlers: WatchHandlers } | undefined;
  let opened = 0;
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'watch') {
        return async (...[prefix, options, handlers]: Parameters<ClusterStore['watch']>) => {
          const watch = await target.watch(prefix, options, handlers);
          if (prefix === keys.controlRequests && (opened += 1) === 1) first = { watch, handlers };
          return watch;
        };
      }
      if (property === 'txn') {
        return async (...args: Parameters<ClusterStore['txn']>) => {
          await beforeTxn();
          return target.txn(...args);
        };
      }
      if (property === 'range') {
        return async (...args: Parameters<ClusterStore['range']>) => {
          const result = await target.range(...args);
          if (args[0] === keys.controlRequests) reads.count += 1;
          return result;
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: proxy,
    breakWatch: () => {
      void first!.watch.cancel();
      first!.handlers.onError?.(new StoreError('unavailable', `watch ${keys.controlRequests}: database is locked`));
    },
  };
}

/** The real store, whose first transaction and first put of a control reply fail as a busy store's do. */
function withBusyWrites(failed: string[]): ClusterStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'txn' || property === 'put') {
        return async (...args: unknown[]) => {
          const what =
            property === 'put' && String(args[0]).startsWith('/wolfpack/control/replies/')
              ? 'reply'
              : property === 'txn'
                ? 'claim'
                : undefined;
          if (what && !failed.includes(what)) {
            failed.push(what);
            throw new StoreError('unavailable', `${what} failed: database is locked`);
          }
          return (Reflect.get(target, property) as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The caller's side, as invokeControl: a request on a lease, and the replies seen on its key. */
async function call(
  request: Omit<ControlRequestRecord, 'id' | 'at'>,
  body: (replies: ControlReplyRecord[]) => Promise<void>,
): Promise<void> {
  const id = randomUUID();
  const lease = await store.grantLease(15_000);
  const replies: ControlReplyRecord[] = [];
  const replyWatch = await store.watch(
    keys.controlReply(id),
    {},
    {
      onBatch: (batch) => {
        for (const event of batch.events)
          if (event.type === 'put') replies.push(JSON.parse(event.kv.value) as ControlReplyRecord);
      },
    },
  );
  try {
    await store.put(keys.controlRequest(id), JSON.stringify({ ...request, id, at: Date.now() }), { lease: lease.id });
    await body(replies);
  } finally {
    await replyWatch.cancel();
    await store.revokeLease(lease.id);
  }
}

describe('the control mailbox when the store is busy', () => {
  it('takes the request and writes its reply once the store answers again: one run, one reply', async () => {
    const failed: string[] = [];
    const runs: string[] = [];
    mailbox = await openControlMailbox({
      store: withBusyWrites(failed),
      node: 'N1',
      log: () => undefined,
      run: async (resource, code) => {
        runs.push(`${code} on ${resource}`);
        return 3;
      },
    });
    await call(
      { resource: 'Chat Server', node: 'N1', code: 'connected-users', input: null, requestedBy: 'admin' },
      async (replies) => {
        await waitUntil('a reply', () => replies.length > 0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(failed).toEqual(['claim', 'reply']);
        expect(runs).toEqual(['connected-users on Chat Server']);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ ok: true, result: 3 });
      },
    );
  });
});

describe('the control mailbox when its watch ends while a request runs', () => {
  it('runs the control code once and writes one reply', async () => {
    const reads = { count: 0 };
    const breakable = withBreakableWatch(reads);
    const runs: string[] = [];
    const logs: string[] = [];
    mailbox = await openControlMailbox({
      store: breakable.store,
      node: 'N1',
      log: (line) => logs.push(line),
      run: async (resource, code) => {
        runs.push(`${code} on ${resource}`);
        if (runs.length === 1) {
          // The watch ends while the code runs; the code finishes only after the mailbox
          // has read the waiting requests again (and had time to take what it found).
          breakable.breakWatch();
          await waitUntil('the mailbox to read its requests again', () => reads.count === 2);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return { kicked: 'alice' };
      },
    });
    expect(reads.count).toBe(1);

    await call(
      { resource: 'Chat Server', node: 'N1', code: 'kick', input: { user: 'alice' }, requestedBy: 'admin' },
      async (replies) => {
        await waitUntil('a reply', () => replies.length > 0);
        // Whatever a second run would write comes within this.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(runs).toEqual(['kick on Chat Server']);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({ node: 'N1', ok: true, result: { kicked: 'alice' } });
        expect(logs).toContain(`control mailbox: watch ${keys.controlRequests}: database is locked; reading it again`);
        // Nothing is left waiting: the request was taken when it ran.
        expect((await store.range(keys.controlRequests)).kvs).toEqual([]);
      },
    );
  }, 20_000);

  it('runs it once when the watch ends while the request is being taken, and the reread still finds it', async () => {
    const reads = { count: 0 };
    let txns = 0;
    // The first claim waits (behind another writer, say) until the watch has ended and the
    // mailbox has read the request again: two claims of one request, one after the other.
    const breakable = withBreakableWatch(reads, async () => {
      if ((txns += 1) !== 1) return;
      breakable.breakWatch();
      await waitUntil('the mailbox to read its requests again', () => reads.count === 2);
    });
    const runs: string[] = [];
    mailbox = await openControlMailbox({
      store: breakable.store,
      node: 'N1',
      log: () => undefined,
      run: async (resource, code) => {
        runs.push(`${code} on ${resource}`);
        return 'done';
      },
    });
    await call(
      { resource: 'Chat Server', node: 'N1', code: 'kick', input: null, requestedBy: 'admin' },
      async (replies) => {
        await waitUntil('a reply, and a second claim', () => replies.length > 0 && txns >= 2);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(runs).toEqual(['kick on Chat Server']);
        expect(replies).toHaveLength(1);
      },
    );
  }, 20_000);
});
