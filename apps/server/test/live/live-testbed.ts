import type { ClusterState, LiveFeed, LiveUpdate } from '@wolfpack/client';
import { createClient } from '@wolfpack/client';
import type { LiveChange } from '@wolfpack/contracts';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openTestStore, seedGroups, startLiveServer, viewerToken, type LiveServer, type TestStore } from './harness.ts';
import { LiveClient } from './live-client.ts';

/*
 * The /live tests' testbed (live.test.ts, live-resume.test.ts): a real embedded store
 * seeded with 10 groups of 5 resources and a real Fastify server, per test file; the
 * clients and feeds a test opened are closed after it.
 */

export let test_: TestStore;
export let server: LiveServer;
export const clients: LiveClient[] = [];
export const feeds: LiveFeed[] = [];

export function client(options?: ConstructorParameters<typeof LiveClient>[1]): LiveClient {
  const live = new LiveClient(server.url, options);
  clients.push(live);
  return live;
}

/** A LiveFeed and every update it applied, in order. */
export interface Followed {
  feed: LiveFeed;
  updates: LiveUpdate[];
  state: ClusterState;
  /** Batches whose revision is not above the previous update's. */
  disorder: string[];
  waitForRevision(revision: number): Promise<unknown>;
}

/** @wolfpack/client's live feed, signed in with the test token: resolves once its snapshot is applied. */
export async function follow(): Promise<Followed> {
  const feed = await createClient({ url: server.url, token: viewerToken }).live();
  feeds.push(feed);
  const updates: LiveUpdate[] = [];
  const disorder: string[] = [];
  feed.subscribe((update) => {
    const previous = updates.at(-1);
    if (previous && update.type === 'changes' && update.revision <= previous.revision)
      disorder.push(`changes at ${update.revision} after ${previous.type} at ${previous.revision}`);
    updates.push(update);
  });
  await feed.ready(10_000);
  return {
    feed,
    updates,
    state: feed.state,
    disorder,
    waitForRevision: (revision) => feed.until((state) => state.revision >= revision, 10_000),
  };
}

/** The changes of the updates from index `from` on, in order. */
export const changesFrom = (followed: Followed, from: number): LiveChange[] =>
  followed.updates.slice(from).flatMap((update) => (update.type === 'changes' ? update.changes : []));

/** Wait until the client has caught up with the store, then compare its state with a fresh snapshot. */
export async function expectInSync(live: LiveClient | Followed): Promise<void> {
  const fresh = await test_.snapshot();
  await live.waitForRevision(fresh.revision);
  expect(live.state.revision).toBe(fresh.revision);
  expect(live.state.snapshot()).toEqual(fresh);
  expect(live.disorder).toEqual([]);
}

/** Registers the hooks: the store and server before the file's tests, clients closed after each. */
export function useLiveTestbed(): void {
  beforeAll(async () => {
    test_ = await openTestStore();
    await seedGroups(test_, 10, 5);
    server = await startLiveServer(test_.store, test_.catalog);
  }, 120_000);

  afterEach(() => {
    for (const live of clients.splice(0)) live.close();
    for (const feed of feeds.splice(0)) feed.close();
  });

  afterAll(async () => {
    await server?.close();
    await test_?.close();
  });
}

/** A server restart's second half: a new server on the same store (its history starts now). */
export async function startServerAgain(): Promise<void> {
  server = await startLiveServer(test_.store, test_.catalog);
}
