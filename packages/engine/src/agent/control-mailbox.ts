import { keys, type ControlReplyRecord, type ControlRequestRecord } from '@wolfpack/contracts';
import { retryDelayMs, type Backoff } from '../policy/index.ts';
import type { ClusterStore, KeyValue, Watch } from '@wolfpack/store';

/** A claim or a reply the store could not take for now: tried again soon, a few times (a request's lease is ~15 s). */
const writeBackoff: Backoff = { firstMs: 100, maxMs: 2000 };
const writeAttempts = 6;

/** Runs a store write again, backing off, while the store is unavailable (a busy SQLite, etcd without a leader). */
async function writePersistently<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code !== 'unavailable' || attempt + 1 >= writeAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt, Math.random(), writeBackoff)));
    }
  }
}

export interface ControlMailboxOptions {
  store: ClusterStore;
  node: string;
  /** Run the control code on a resource of this node; rejects when it cannot. */
  run(resource: string, code: string, input: unknown): Promise<unknown>;
  log(message: string): void;
}

/**
 * This node's end of the control code path: requests addressed to it arrive through the
 * store, run in its resource host, and the reply goes back bound to the request's lease.
 * A request runs at most once: the node claims it first by deleting it if it is still the
 * record it read (compare-and-swap), so a second reading of the same request (the watch
 * reopened, its event and the reread both seen) finds it gone and leaves it alone.
 */
export async function openControlMailbox(options: ControlMailboxOptions): Promise<Watch> {
  const { store, node } = options;
  // A reply's `at` is for people reading the store: nothing decides on it, so the real clock.
  const answer = async (request: ControlRequestRecord, lease: number) => {
    let reply: ControlReplyRecord;
    try {
      const result = await options.run(request.resource, request.code, request.input);
      reply = { id: request.id, node, ok: true, result: result ?? null, at: Date.now() };
    } catch (error) {
      reply = { id: request.id, node, ok: false, error: (error as Error).message, at: Date.now() };
    }
    await writePersistently(() => store.put(keys.controlReply(request.id), JSON.stringify(reply), { lease })).catch(
      (error: Error) => options.log(`control reply for ${request.resource} not written: ${error.message}`),
    );
  };
  /** True if this reading of the request took it: nobody else did, and no one will again. */
  const claim = async (kv: KeyValue): Promise<boolean> => {
    try {
      const taken = await writePersistently(() =>
        store.txn({
          compare: [{ key: kv.key, target: 'modRevision', op: '=', value: kv.modRevision }],
          success: [{ op: 'delete', key: kv.key }],
        }),
      );
      return taken.succeeded;
    } catch (error) {
      // Not run rather than maybe twice: its caller times out and says so.
      options.log(`control request ${kv.key} not taken: ${(error as Error).message}`);
      return false;
    }
  };
  const take = (kv: KeyValue) => {
    let request: ControlRequestRecord;
    try {
      request = JSON.parse(kv.value) as ControlRequestRecord;
    } catch {
      return; // not a request (a torn or foreign value): nobody waits for its answer here
    }
    if (request.node !== node) return;
    void claim(kv).then((claimed) => (claimed ? answer(request, kv.lease) : undefined));
  };
  // Level-based, as the state follower: the requests waiting now, then every new one. A
  // watch that ends (compacted past while this process was frozen, or the store briefly
  // unavailable) starts over the same way, so no waiting request is missed; one already
  // taken is no longer waiting (claim).
  let watch: Watch | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const open = async (): Promise<void> => {
    const waiting = await store.range(keys.controlRequests);
    if (closed) return;
    const opened = await store.watch(
      keys.controlRequests,
      { fromRevision: waiting.revision + 1 },
      {
        onBatch: (batch) => {
          for (const event of batch.events) if (event.type === 'put') take(event.kv);
        },
        onError: (error) => {
          if (closed || error.code === 'closed') return;
          options.log(`control mailbox: ${error.message}; reading it again`);
          reopen(error.code === 'compacted' ? 0 : 1000);
        },
      },
    );
    if (closed) return void (await opened.cancel());
    watch = opened;
    for (const kv of waiting.kvs) take(kv);
  };
  const reopen = (delayMs: number) => {
    retry = setTimeout(() => {
      open().catch((error: Error) => {
        if (closed) return;
        options.log(`control mailbox: ${error.message}`);
        reopen(1000);
      });
    }, delayMs);
  };
  await open();
  return {
    cancel: async () => {
      closed = true;
      clearTimeout(retry);
      await watch?.cancel();
    },
  };
}
