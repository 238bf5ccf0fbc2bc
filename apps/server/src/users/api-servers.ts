import { randomBytes } from 'node:crypto';
import { keys, type ApiServerRecord } from '@wolfpack/contracts';
import { KeptLease, type Clock } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';

/*
 * A running server says where it answers, under keys.apiServer(id) bound to a lease it
 * keeps alive (the engine's KeptLease): nodes hand the newest address to the resources
 * they bring online (as WOLFPACK_URL). A server that stops or dies takes its address with it.
 */

/** Long enough to ride out a slow store; short enough that a dead server's address goes soon. */
export const apiServerLeaseTtlMs = 10_000;

export interface ApiServerAdvertisement {
  stop(): Promise<void>;
}

/** Wall-clock time whose timers do not keep the process alive: the advertisement only follows the server. */
const backgroundClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** Advertises `url` until stopped; a lost lease (the store restarted) is granted again. */
export async function advertiseApiServer(
  store: ClusterStore,
  url: string,
  onError: (error: Error) => void = () => {},
  now = Date.now(),
): Promise<ApiServerAdvertisement> {
  const key = keys.apiServer(randomBytes(8).toString('hex'));
  const record: ApiServerRecord = { url, startedAt: now };
  let lease: KeptLease | undefined;
  let stopped = false;
  let cancelRetry: (() => void) | undefined;

  const advertise = async (): Promise<void> => {
    const kept = new KeptLease({
      store,
      ttlMs: apiServerLeaseTtlMs,
      renewIntervalMs: apiServerLeaseTtlMs / 3,
      clock: backgroundClock,
      onLost: () => readvertise(),
      // A failed renewal is retried; one that cannot be in time loses the lease (onLost).
      log: () => {},
    });
    lease = kept;
    await kept.grant();
    await store.put(key, JSON.stringify(record), { lease: kept.id });
    if (stopped) await kept.stop({ revoke: true });
    else kept.keep();
  };
  // Lost (the store restarted, or was away longer than the TTL): say it again under a new lease, until that works.
  const readvertise = (): void => {
    if (stopped) return;
    advertise().catch((error: Error) => {
      if (stopped) return;
      onError(error);
      cancelRetry = backgroundClock.after(apiServerLeaseTtlMs / 3, readvertise);
    });
  };

  await advertise();
  return {
    async stop() {
      stopped = true;
      cancelRetry?.();
      await lease?.stop({ revoke: true });
    },
  };
}
