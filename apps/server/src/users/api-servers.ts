import { randomBytes } from 'node:crypto';
import { keys, type ApiServerRecord } from '@wolfpack/contracts';
import type { ClusterStore, LeaseId } from '@wolfpack/engine';

/*
 * A running server says where it answers, under keys.apiServer(id) bound to a lease it
 * keeps alive: nodes hand the newest address to the resources they bring online (as
 * WOLFPACK_URL). A server that stops or dies takes its address with it.
 */

/** Long enough to ride out a slow store; short enough that a dead server's address goes soon. */
export const apiServerLeaseTtlMs = 10_000;

export interface ApiServerAdvertisement {
  stop(): Promise<void>;
}

/** Advertises `url` until stopped; a lost lease (the store restarted) is granted again. */
export async function advertiseApiServer(store: ClusterStore, url: string, onError: (error: Error) => void = () => {}, now = Date.now()): Promise<ApiServerAdvertisement> {
  const key = keys.apiServer(randomBytes(8).toString('hex'));
  const record: ApiServerRecord = { url, startedAt: now };
  let lease: LeaseId = 0;
  const put = async () => {
    lease = (await store.grantLease(apiServerLeaseTtlMs)).id;
    await store.put(key, JSON.stringify(record), { lease });
  };
  await put();
  let stopped = false;
  const timer = setInterval(() => {
    store
      .keepAlive(lease)
      .catch(() => put())
      .catch((error: Error) => {
        if (!stopped) onError(error);
      });
  }, apiServerLeaseTtlMs / 3);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await store.revokeLease(lease).catch(() => undefined);
    },
  };
}
