/* What the conformance tests share: the store under test, and small waiting helpers. */
import type { ClusterStore, StoreError, WatchBatch, WatchEvent } from '../cluster-store.ts';

/** The store under test, as each test sees it (a fresh one per test). */
export interface ConformanceContext {
  readonly store: ClusterStore;
  /** A second client of the same store, or the same one when the subject has none. */
  another(): Promise<ClusterStore>;
  /** TTL of the leases the tests grant. */
  readonly ttl: number;
  /** How long a lease expiry may take to show. */
  readonly expiryTimeout: number;
}

/** A watch handler that records what it is given. */
export function collect() {
  const batches: WatchBatch[] = [];
  const events: WatchEvent[] = [];
  const errors: StoreError[] = [];
  return {
    batches,
    events,
    errors,
    handlers: {
      onBatch: (batch: WatchBatch) => {
        batches.push(batch);
        events.push(...batch.events);
      },
      onError: (error: StoreError) => errors.push(error),
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(10);
  }
}
