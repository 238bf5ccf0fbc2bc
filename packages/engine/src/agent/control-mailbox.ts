import { keys, type ControlReplyRecord, type ControlRequestRecord } from '@wolfpack/contracts';
import type { ClusterStore, KeyValue, Watch } from '../store/cluster-store.ts';

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
 */
export async function openControlMailbox(options: ControlMailboxOptions): Promise<Watch> {
  const { store, node } = options;
  const answer = async (request: ControlRequestRecord, lease: number) => {
    let reply: ControlReplyRecord;
    try {
      const result = await options.run(request.resource, request.code, request.input);
      reply = { id: request.id, node, ok: true, result: result ?? null, at: Date.now() };
    } catch (error) {
      reply = { id: request.id, node, ok: false, error: (error as Error).message, at: Date.now() };
    }
    await store
      .txn({
        compare: [],
        success: [
          { op: 'put', key: keys.controlReply(request.id), value: JSON.stringify(reply), lease },
          { op: 'delete', key: keys.controlRequest(request.id) },
        ],
      })
      .catch((error: Error) => options.log(`control reply for ${request.resource} not written: ${error.message}`));
  };
  const take = (kv: KeyValue) => {
    let request: ControlRequestRecord;
    try {
      request = JSON.parse(kv.value) as ControlRequestRecord;
    } catch {
      return; // not a request (a torn or foreign value): nobody waits for its answer here
    }
    if (request.node === node) void answer(request, kv.lease);
  };
  // Level-based, as the state follower: the requests waiting now, then every new one. A
  // watch that ends (compacted past while this process was frozen, or the store briefly
  // unavailable) starts over the same way, so no waiting request is missed.
  let watch: Watch | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const open = async (): Promise<void> => {
    const waiting = await store.range(keys.controlRequests);
    if (closed) return;
    const opened = await store.watch(keys.controlRequests, { fromRevision: waiting.revision + 1 }, {
      onBatch: (batch) => {
        for (const event of batch.events) if (event.type === 'put') take(event.kv);
      },
      onError: (error) => {
        if (closed || error.code === 'closed') return;
        options.log(`control mailbox: ${error.message}; reading it again`);
        reopen(error.code === 'compacted' ? 0 : 1000);
      },
    });
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
