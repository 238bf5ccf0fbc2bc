import { describe, expect, it } from 'vitest';
import { outcomes, PendingTracker } from '../../src/actions/pending.ts';
import { applyLiveChanges, cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { group, seedSnapshot } from '../fixtures.ts';

describe('PendingTracker', () => {
  it('shows a command as pending from sending until the stream shows its outcome', () => {
    const tracker = new PendingTracker();
    let notified = 0;
    tracker.subscribe(() => (notified += 1));
    const target = { kind: 'group' as const, name: 'SOCKET_GROUP' };
    const id = tracker.add({ target, label: 'Moving to OSDB_BACK…', done: () => false, deadline: Date.now() + 60_000 });
    expect(tracker.isPending(target)).toBe(true);
    tracker.accept(id, outcomes.moved('SOCKET_GROUP', 'OSDB_BACK'));
    const before = cacheFromSnapshot(seedSnapshot(10));
    tracker.settle(before);
    expect(tracker.isPending(target)).toBe(true);
    const moving = applyLiveChanges(before, {
      revision: 11,
      changes: [
        {
          kind: 'group',
          name: 'SOCKET_GROUP',
          value: group('SOCKET_GROUP', { ownerNode: 'OSDB_BACK', state: 'Pending' }),
        },
      ],
    }).cache;
    tracker.settle(moving);
    expect(tracker.isPending(target)).toBe(true);
    const moved = applyLiveChanges(moving, {
      revision: 12,
      changes: [
        {
          kind: 'group',
          name: 'SOCKET_GROUP',
          value: group('SOCKET_GROUP', { ownerNode: 'OSDB_BACK', state: 'Online' }),
        },
      ],
    }).cache;
    tracker.settle(moved);
    expect(tracker.isPending(target)).toBe(false);
    expect(notified).toBe(3);
  });

  it('drops a refused command at once, and any command past its deadline', () => {
    const tracker = new PendingTracker();
    const target = { kind: 'resource' as const, name: 'SOCKET_IP' };
    const refused = tracker.add({ target, label: 'Taking offline…', done: () => false, deadline: Date.now() + 60_000 });
    tracker.remove(refused);
    expect(tracker.isPending(target)).toBe(false);
    const slow = tracker.add({ target, label: 'Taking offline…', done: () => false, deadline: 1000 });
    tracker.accept(slow);
    tracker.settle(cacheFromSnapshot(seedSnapshot()), 2000);
    expect(tracker.entries).toHaveLength(0);
  });
});
