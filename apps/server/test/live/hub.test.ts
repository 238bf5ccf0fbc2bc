import type { LiveChanges, LiveSnapshot } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitUntil } from '@wolfpack/testing/conditions';
import { ChangeHistory } from '../../src/live/change-history.ts';
import { LiveHub, type LiveSubscriber } from '../../src/live/index.ts';
import { openTestStore, report, seedGroups, type TestStore } from './harness.ts';

/*
 * The hub without socket.io: a subscriber that records what it is sent. Small history
 * limits show what happens when a client comes back too late.
 */

type Sent = ({ type: 'snapshot' } & LiveSnapshot) | ({ type: 'changes' } & LiveChanges);

function recorder(): LiveSubscriber & { sent: Sent[]; revision(): number } {
  const sent: Sent[] = [];
  return {
    sent,
    snapshot: (message) => sent.push({ type: 'snapshot', ...message }),
    changes: (message) => sent.push({ type: 'changes', ...message }),
    revision: () => sent.at(-1)?.revision ?? -1,
  };
}

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
  await seedGroups(store, 2, 2);
}, 120_000);

afterAll(async () => {
  await store?.close();
});

describe('LiveHub', () => {
  test('keeps a bounded history: an old resume gets a snapshot, a recent one the exact changes', async () => {
    const hub = await LiveHub.start({
      store: store.store,
      catalog: store.catalog,
      batchWindowMs: 1,
      history: { maxBatches: 3 },
    });
    try {
      const watcher = recorder();
      hub.subscribe(watcher);
      const start = hub.revision;
      const revisions: number[] = [];
      for (let n = 0; n < 6; n++) {
        revisions.push(await report(store.store, 'R0-0', 'GROUP_0', 'OSDB_SERV', n % 2 ? 'Online' : 'Failed', 10 + n));
        await waitUntil(`batch ${n}`, () => watcher.revision() >= revisions[n]!, 10_000, 5);
      }
      expect(watcher.sent.map((message) => message.type)).toEqual(['snapshot', ...revisions.map(() => 'changes')]);

      const late = recorder();
      hub.subscribe(late, start);
      expect(late.sent).toEqual([{ type: 'snapshot', ...hub.snapshot() }]);

      const recent = recorder();
      hub.subscribe(recent, revisions[3]!);
      expect(recent.sent).toEqual([
        {
          type: 'changes',
          revision: hub.revision,
          changes: watcher.sent.slice(5).flatMap((message) => (message as LiveChanges).changes),
        },
      ]);
    } finally {
      await hub.stop();
    }
  });

  test('a resume on a live subscription sends only what is not already on its way, and a snapshot at most once per interval', async () => {
    const hub = await LiveHub.start({
      store: store.store,
      catalog: store.catalog,
      batchWindowMs: 1,
      snapshotIntervalMs: 300,
    });
    try {
      const client = recorder();
      const subscription = hub.subscribe(client);
      const snapshotAt = client.revision();
      subscription.resume(snapshotAt - 5); // covered by the snapshot
      subscription.resume(snapshotAt);
      expect(client.sent).toHaveLength(1);
      // Ahead of the hub: start over, but not sooner than 300 ms after the last snapshot,
      // and once however often it is asked meanwhile.
      const asked = Date.now();
      for (let ask = 0; ask < 100; ask++) subscription.resume(snapshotAt + 1000 + ask);
      expect(client.sent).toHaveLength(1);
      await waitUntil('the deferred snapshot', () => client.sent.length === 2, 10_000, 5);
      expect(Date.now() - asked).toBeGreaterThanOrEqual(250);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(client.sent.map((message) => message.type)).toEqual(['snapshot', 'snapshot']);
      expect(subscription.revision).toBe(hub.revision);
    } finally {
      await hub.stop();
    }
  });

  test('changes within one window go out once, with the newest view', async () => {
    const hub = await LiveHub.start({ store: store.store, catalog: store.catalog, batchWindowMs: 500 });
    try {
      const client = recorder();
      hub.subscribe(client);
      // The first change after a quiet spell goes out at once and opens a window…
      const opening = await report(store.store, 'R1-1', 'GROUP_1', 'OSDB_SERV', 'Online', 49);
      await waitUntil('the first batch', () => client.revision() >= opening, 10_000, 5);
      const mark = client.sent.length;
      // …the next ones wait for its end, and an object changed twice goes out once.
      await report(store.store, 'R1-0', 'GROUP_1', 'OSDB_SERV', 'OnlinePending', 50);
      const last = await report(store.store, 'R1-0', 'GROUP_1', 'OSDB_SERV', 'Online', 51);
      await waitUntil('the second batch', () => client.revision() >= last, 10_000, 5);
      const batches = client.sent.slice(mark) as LiveChanges[];
      expect(batches).toHaveLength(1);
      const resourceChanges = batches[0]!.changes.filter((change) => change.name === 'R1-0');
      expect(resourceChanges).toEqual([
        { kind: 'resource', name: 'R1-0', value: expect.objectContaining({ state: 'Online', since: 51 }) },
      ]);
    } finally {
      await hub.stop();
    }
  });
});

describe('ChangeHistory', () => {
  const change = (name: string, revision: number) => ({
    revision,
    change: { kind: 'resource' as const, name, value: null },
  });

  test('a resume from inside a batch (a revision another server announced) gets only the later changes', () => {
    const history = new ChangeHistory(10);
    history.append(13, [change('A', 11), change('B', 13)]);
    history.append(20, [change('A', 18), change('C', 20)]);
    expect(history.since(10)!.map((c) => c.name)).toEqual(['A', 'B', 'A', 'C']);
    expect(history.since(12)!.map((c) => c.name)).toEqual(['B', 'A', 'C']);
    expect(history.since(13)!.map((c) => c.name)).toEqual(['A', 'C']);
    expect(history.since(19)!.map((c) => c.name)).toEqual(['C']);
    expect(history.since(20)).toEqual([]);
    expect(history.since(9)).toBeUndefined(); // before the history began
  });

  test('drops the oldest batches past its limits, and then refuses resumes from before them', () => {
    const history = new ChangeHistory(0, { maxChanges: 3, maxResumeChanges: 2 });
    history.append(1, [change('A', 1), change('B', 1)]);
    history.append(2, [change('C', 2)]);
    history.append(3, [change('D', 3)]); // four changes held: the first batch goes
    expect(history.floor).toBe(1);
    expect(history.since(0)).toBeUndefined();
    expect(history.since(1)!.map((c) => c.name)).toEqual(['C', 'D']);
    history.append(4, [change('E', 4)]);
    expect(history.since(1)).toBeUndefined(); // a resume of more than maxResumeChanges gets a snapshot
    expect(history.since(2)!.map((c) => c.name)).toEqual(['D', 'E']);
  });
});
