import { keys, type ControlReplyRecord, type ControlRequestRecord } from '@wolfpack/contracts';
import type { ClusterStore, Watch } from '../store/cluster-store.ts';

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
  return store.watch(keys.controlRequests, {}, {
    onBatch: (batch) => {
      for (const event of batch.events) {
        if (event.type !== 'put') continue;
        const request = JSON.parse(event.kv.value) as ControlRequestRecord;
        if (request.node === node) void answer(request, event.kv.lease);
      }
    },
  });
}
