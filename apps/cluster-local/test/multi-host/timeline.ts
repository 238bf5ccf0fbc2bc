import { readEvents } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import type { Ack, Greeting } from './chat-writer.ts';
import type { Holding } from './split-brain-watcher.ts';

/*
 * When things happened, from three witnesses on one clock: the cluster's event log (each
 * event stamped by the process that made it), the watcher's rounds, and the client.
 */

/**
 * Date.now() of the first "<resource> → Online on <node>" event logged after the store
 * revision; waits for it (a client may be greeted a moment before the status is written).
 */
export async function onlineEventAt(
  store: ClusterStore,
  sinceRevision: number,
  resource: string,
  node: string,
  timeoutMs = 10_000,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await readEvents(store, { since: sinceRevision }).catch(() => []);
    const time = events.find(
      (event) => event.object?.name === resource && event.to === 'Online' && event.node === node,
    )?.time;
    if (time !== undefined || Date.now() > deadline) return time;
    await sleep(50);
  }
}

/** The holding that was open at `at` (seen before and after it, or still open). */
export function holdingAt(holdings: Holding[], host: string, at: number): Holding | undefined {
  return holdings.find(
    (holding) => holding.host === host && holding.from <= at && (holding.goneBy === undefined || holding.goneBy > at),
  );
}

/** The first holding of the host that began after `at`. */
export function holdingAfter(holdings: Holding[], host: string, at: number): Holding | undefined {
  return holdings.find((holding) => holding.host === host && holding.from > at);
}

/** True when the replayed history of a greeting holds the acknowledged line. */
export function replays(greeting: Greeting, ack: Ack): boolean {
  return greeting.history.some((line) => line.endsWith(` line-${ack.n}`));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The work's result; if it fails, the failure with the cluster's event log since the revision (the story of what happened). */
export async function explained<T>(store: ClusterStore, sinceRevision: number, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const events = await readEvents(store, { since: sinceRevision }).catch(() => []);
    const story = events.map((event) => `${new Date(event.time).toISOString()} ${event.message}`).join('\n');
    throw new Error(`${(error as Error).message}\nthe event log since then:\n${story || '(nothing)'}`);
  }
}
