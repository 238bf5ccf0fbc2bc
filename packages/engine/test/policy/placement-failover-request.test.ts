import { describe, expect, it } from 'vitest';
import { decide } from '../../src/policy/placement-decision.ts';
import { cluster } from '../model/cluster-builder.ts';
import { apply, events, now, ofType, places } from './placement-actions.ts';

/* decide()'s rule 4 (the other rules: placement-decision.test.ts). */

describe('rule 4: failover requested by a resource', () => {
  const base = (threshold = 2) =>
    cluster(100)
      .nodes('OSDB_SERV', 'OSDB_BACK')
      .group('SOCKET_GROUP', {
        failoverThreshold: threshold,
        failoverPeriodMs: 6 * 3600_000,
        preferredOwners: ['OSDB_SERV', 'OSDB_BACK'],
      })
      .resource('Disk', 'SOCKET_GROUP')
      .resource('Chat Server', 'SOCKET_GROUP', { dependencies: ['Disk'] })
      .place('SOCKET_GROUP', 'OSDB_SERV', 40)
      .status('Disk', { node: 'OSDB_SERV', state: 'Online' })
      .status('Chat Server', { node: 'OSDB_SERV', state: 'Failed', epoch: 40, failoverRequested: true });

  it('fails the group over and records the failover', () => {
    const state = base().build();
    const actions = decide(state, now);
    expect(actions).toEqual([
      {
        type: 'place',
        group: 'SOCKET_GROUP',
        node: 'OSDB_BACK',
        epoch: 101,
        reason: 'failover',
        previousNode: 'OSDB_SERV',
      },
      {
        type: 'event',
        event: {
          time: now,
          kind: 'failover',
          object: { kind: 'group', name: 'SOCKET_GROUP' },
          message:
            'SOCKET_GROUP failed over from OSDB_SERV to OSDB_BACK: resource Chat Server exceeded its restart threshold',
          from: 'OSDB_SERV',
          to: 'OSDB_BACK',
          node: 'OSDB_BACK',
          reason: 'failover',
        },
      },
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now] },
    ]);
    // The failover request was made at epoch 40: the new epoch makes it stale.
    expect(decide(apply(state, actions), now)).toEqual([]);
  });

  it('names every resource that asked', () => {
    const state = base().status('Disk', { node: 'OSDB_SERV', state: 'Failed', failoverRequested: true }).build();
    expect(events(decide(state, now))[0]!.message).toBe(
      'SOCKET_GROUP failed over from OSDB_SERV to OSDB_BACK: resources Chat Server, Disk exceeded their restart thresholds',
    );
  });

  it.each([
    ['a stale epoch', { epoch: 39 }],
    ['another node', { node: 'OSDB_BACK' }],
    ['no request', { failoverRequested: false }],
  ])('ignores a request from %s', (_name, override) => {
    const state = base()
      .status('Chat Server', { node: 'OSDB_SERV', state: 'Failed', epoch: 40, failoverRequested: true, ...override })
      .build();
    expect(decide(state, now)).toEqual([]);
  });

  it('at the threshold: allowed while the count in the period, this one included, is within it', () => {
    const allowed = base(2)
      .history('SOCKET_GROUP', [now - 1000])
      .build();
    expect(ofType(decide(allowed, now), 'record-failovers')).toEqual([
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now - 1000, now] },
    ]);
  });

  it('past the threshold: the group stays Failed, once', () => {
    const state = base(2)
      .history('SOCKET_GROUP', [now - 2000, now - 1000])
      .build();
    const actions = decide(state, now);
    expect(actions).toEqual([
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now - 2000, now - 1000], failedOn: 'OSDB_SERV' },
      {
        type: 'event',
        event: {
          time: now,
          kind: 'failover',
          object: { kind: 'group', name: 'SOCKET_GROUP' },
          message:
            'SOCKET_GROUP stays Failed on OSDB_SERV: resource Chat Server exceeded its restart threshold, ' +
            'and it may fail over at most 2 times within 6 h (FailoverThreshold)',
          from: 'OSDB_SERV',
          node: 'OSDB_SERV',
          reason: 'failover',
        },
      },
    ]);
    const next = apply(state, actions);
    expect(decide(next, now)).toEqual([]);
    // Still decided once after the period slid: an administrator (or a new placement) clears failedOn.
    expect(decide(next, now + 7 * 3600_000)).toEqual([]);
  });

  it('the period slides: old failovers do not count', () => {
    const state = base(2)
      .history('SOCKET_GROUP', [now - 6 * 3600_000, now - 1000])
      .build();
    expect(places(decide(state, now))).toEqual([{ group: 'SOCKET_GROUP', node: 'OSDB_BACK', reason: 'failover' }]);
  });

  it('threshold 0: never fails over', () => {
    expect(ofType(decide(base(0).build(), now), 'record-failovers')[0]).toMatchObject({ failedOn: 'OSDB_SERV' });
  });

  it('no other node: stays, says why once', () => {
    const state = base()
      .node('OSDB_BACK', { state: 'Down' })
      .history('SOCKET_GROUP', [now - 7 * 3600_000, now - 10])
      .build();
    const actions = decide(state, now);
    expect(ofType(actions, 'record-failovers')).toEqual([
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now - 10], failedOn: 'OSDB_SERV' },
    ]);
    expect(events(actions)[0]!.message).toBe(
      'SOCKET_GROUP stays Failed on OSDB_SERV: resource Chat Server exceeded its restart threshold, and no other node can host it: node OSDB_BACK is Down',
    );
    expect(decide(apply(state, actions), now)).toEqual([]);
  });

  it('after a new placement, a new failure is decided again', () => {
    let state = base(1)
      .history('SOCKET_GROUP', [now - 10], 'OSDB_SERV')
      .move('SOCKET_GROUP', 'OSDB_BACK')
      .build();
    const moved = decide(state, now);
    expect(ofType(moved, 'record-failovers')).toEqual([
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now - 10] },
    ]);
    state = apply(state, moved);
    const epoch = state.placements.get('SOCKET_GROUP')!.epoch;
    state.resourceStatuses.set('Chat Server', {
      ...state.resourceStatuses.get('Chat Server')!,
      node: 'OSDB_BACK',
      epoch,
    });
    expect(ofType(decide(state, now + 1), 'record-failovers')).toEqual([
      { type: 'record-failovers', group: 'SOCKET_GROUP', failovers: [now - 10], failedOn: 'OSDB_BACK' },
    ]);
  });

  it('a move request wins over a failover request', () => {
    const state = base().node('THIRD').move('SOCKET_GROUP', 'THIRD').build();
    expect(places(decide(state, now))).toEqual([{ group: 'SOCKET_GROUP', node: 'THIRD', reason: 'move' }]);
  });
});
