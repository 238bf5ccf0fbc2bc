import { randomBytes } from 'node:crypto';
import { keys, type ClusterEvent, type ClusterEventRecord, type ObjectKind } from '@wolfpack/contracts';
import { StoreError, type ClusterStore, type KeyValue, type TxnOp, type Watch } from '@wolfpack/store';

/*
 * The cluster event log: one store key per event under keys.events. A key is the event
 * time (zero-padded, so keys sort by time) and a random suffix (so two events of one
 * millisecond never collide). The store revision that created a key orders the log:
 * clocks of different hosts may disagree, revisions never do.
 */

/** A fresh, unique, time-ordered key for an event at this time. */
export function eventKey(time: number): string {
  return `${keys.events}${String(Math.max(0, Math.floor(time))).padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
}

/** The txn op that appends an event: put it in the same txn as the change it describes. */
export function eventPutOp(event: ClusterEvent): TxnOp {
  return { op: 'put', key: eventKey(event.time), value: JSON.stringify(event) };
}

/** Appends one event on its own; returns the store revision of the write. */
export async function appendEvent(store: ClusterStore, event: ClusterEvent): Promise<number> {
  const op = eventPutOp(event) as Extract<TxnOp, { op: 'put' }>;
  return store.put(op.key, op.value);
}

export interface ReadEventsOptions {
  /**
   * Only events after this store revision (exclusive), oldest first: page forward by
   * passing the last revision seen. Absent: the newest events.
   */
  since?: number;
  /** At most this many events. */
  limit?: number;
  /** Only events about this object (kind and/or name). */
  object?: { kind?: ObjectKind; name?: string };
}

function recordOf(kv: KeyValue): ClusterEventRecord | undefined {
  try {
    return { ...(JSON.parse(kv.value) as ClusterEvent), revision: kv.createRevision };
  } catch {
    return undefined; // a foreign or torn value is not an event; skip it rather than fail the log
  }
}

const pageSize = 500;

/**
 * Events in log order (ascending revision). With `since`: the oldest `limit` events after
 * it. Without: the newest `limit` events (all when no limit), still oldest first.
 */
/** Calls onEvent with every event appended after fromRevision, in log order, as it is appended. */
/**
 * Prints-and-forgets followers of the event log (the launcher's and cluster:local's
 * terminals): they follow for the life of the process, so an end of the watch is not the
 * end. After a compaction past them they go on from the store's revision (onGap says what
 * was skipped); after any other error but a closed store, from where they were, a second
 * later.
 */
export function followEvents(
  store: ClusterStore,
  fromRevision: number,
  handlers: { onEvent(event: ClusterEventRecord): void; onGap?(error: StoreError): void },
  retryDelayMs = 1000,
): Promise<Watch> {
  let next = fromRevision;
  let current: Watch | undefined;
  let retry: NodeJS.Timeout | undefined;
  let cancelled = false;
  const start = async (): Promise<void> => {
    current = await store.watch(
      keys.events,
      { fromRevision: next },
      {
        onBatch: (batch) => {
          next = batch.revision + 1;
          for (const change of batch.events) {
            const event = change.type === 'put' ? recordOf(change.kv) : undefined;
            if (event) handlers.onEvent(event);
          }
        },
        onError: (error) => {
          if (cancelled || error.code === 'closed') return;
          handlers.onGap?.(error);
          retry = setTimeout(
            () => void resume(error.code === 'compacted'),
            error.code === 'compacted' ? 0 : retryDelayMs,
          );
        },
      },
    );
  };
  const resume = async (fromNow: boolean): Promise<void> => {
    try {
      if (fromNow) next = (await store.revision()) + 1;
      if (!cancelled) await start();
    } catch (error) {
      if (cancelled || (error instanceof StoreError && error.code === 'closed')) return;
      retry = setTimeout(() => void resume(fromNow), retryDelayMs);
    }
  };
  return start().then(() => ({
    async cancel() {
      cancelled = true;
      clearTimeout(retry);
      await current?.cancel();
    },
  }));
}

export async function readEvents(store: ClusterStore, options: ReadEventsOptions = {}): Promise<ClusterEventRecord[]> {
  const { since, limit, object } = options;
  const wanted = (event: ClusterEventRecord) =>
    !object ||
    ((object.kind === undefined || event.object?.kind === object.kind) &&
      (object.name === undefined || event.object?.name === object.name));
  const max = limit ?? Number.POSITIVE_INFINITY;
  if (max <= 0) return [];

  if (since === undefined) {
    // Newest first from the store; a filter may skip many, so read on until enough.
    const rangeLimit = object || limit === undefined ? undefined : limit;
    const result = await store.range(keys.events, {
      sortBy: 'createRevision',
      order: 'descend',
      ...(rangeLimit ? { limit: rangeLimit } : {}),
    });
    const newest: ClusterEventRecord[] = [];
    for (const kv of result.kvs) {
      const event = recordOf(kv);
      if (event && wanted(event)) newest.push(event);
      if (newest.length >= max) break;
    }
    return newest.reverse();
  }

  const events: ClusterEventRecord[] = [];
  let from = since + 1;
  for (;;) {
    const page = await store.range(keys.events, {
      sortBy: 'createRevision',
      order: 'ascend',
      minCreateRevision: from,
      limit: pageSize,
    });
    for (const kv of page.kvs) {
      const event = recordOf(kv);
      if (event && wanted(event)) events.push(event);
      if (events.length >= max) return events;
    }
    if (!page.more || page.kvs.length === 0) return events;
    from = page.kvs[page.kvs.length - 1]!.createRevision + 1;
  }
}

/** Deletes per txn: etcd refuses transactions of more than 128 operations by default. */
const deleteBatch = 100;

/** Deletes the oldest events beyond the newest `keep`; returns how many were deleted. */
export async function trimEvents(store: ClusterStore, keep: number): Promise<number> {
  const result = await store.range(keys.events, { sortBy: 'createRevision', order: 'ascend' });
  const excess = result.kvs.length - Math.max(0, keep);
  if (excess <= 0) return 0;
  const doomed = result.kvs.slice(0, excess);
  for (let start = 0; start < doomed.length; start += deleteBatch) {
    const success: TxnOp[] = doomed.slice(start, start + deleteBatch).map((kv) => ({ op: 'delete', key: kv.key }));
    await store.txn({ compare: [], success });
  }
  return excess;
}
