import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster-state.ts';
import { decide, formatDuration } from '../../src/policy/placement-decision.ts';
import { cluster } from '../model/cluster-builder.ts';
import { apply, events, now, ofType, places } from './placement-actions.ts';

/* decide()'s rules 1 to 3 and 5, epochs and determinism (rule 4: placement-failover-request.test.ts). */

describe('rule 1: initial placement', () => {
  it('places every group, spreading them over the nodes, preferred owners first', () => {
    const state = cluster(100)
      .nodes('A', 'B')
      .group('G1')
      .group('G2')
      .group('G3')
      .group('G4', { preferredOwners: ['B'] })
      .build();
    const actions = decide(state, now);
    expect(places(actions)).toEqual([
      { group: 'G1', node: 'A', reason: 'initial' },
      { group: 'G2', node: 'B', reason: 'initial' },
      { group: 'G3', node: 'A', reason: 'initial' },
      { group: 'G4', node: 'B', reason: 'initial' },
    ]);
    expect(ofType(actions, 'place').every((place) => place.epoch === 101 && place.previousNode === null)).toBe(true);
    expect(events(actions)[0]).toEqual({
      time: now,
      kind: 'placement',
      object: { kind: 'group', name: 'G1' },
      message: 'G1 placed on A',
      to: 'A',
      node: 'A',
      reason: 'initial',
    });
    expect(decide(apply(state, actions), now)).toEqual([]);
  });

  it('waits while no node can host the group', () => {
    const state = cluster()
      .node('A', { state: 'Joining' })
      .node('B', { state: 'Paused' })
      .node('C', { state: 'Down' })
      .group('G')
      .build();
    expect(decide(state, now)).toEqual([]);
  });
});

describe('rule 2: the owner is Down', () => {
  const base = () =>
    cluster(100)
      .nodes('A', 'B')
      .group('G', { preferredOwners: ['A', 'B'] })
      .resource('R', 'G')
      .place('G', 'A', 7);

  it('moves the group elsewhere, not counted as a failover', () => {
    const state = base()
      .node('A', { state: 'Down' })
      .history('G', [now - 1000])
      .build();
    const actions = decide(state, now);
    expect(actions).toEqual([
      { type: 'place', group: 'G', node: 'B', epoch: 101, reason: 'node-down', previousNode: 'A' },
      {
        type: 'event',
        event: {
          time: now,
          kind: 'failover',
          object: { kind: 'group', name: 'G' },
          message: 'G failed over from A to B: node A is Down',
          from: 'A',
          to: 'B',
          node: 'B',
          reason: 'node-down',
        },
      },
    ]);
  });

  it('keeps the group where it is when no other node can host it', () => {
    expect(decide(base().node('A', { state: 'Down' }).node('B', { state: 'Paused' }).build(), now)).toEqual([]);
  });

  it('a paused owner keeps its groups', () => {
    expect(decide(base().node('A', { state: 'Paused' }).groupStatus('G', 'Online').build(), now)).toEqual([]);
  });

  it('a deleted owner counts as Down', () => {
    const state = base().build();
    state.nodes.delete('A');
    expect(places(decide(state, now))).toEqual([{ group: 'G', node: 'B', reason: 'node-down' }]);
  });

  it('clears failedOn: the group left the node it was left Failed on', () => {
    const state = base()
      .node('A', { state: 'Down' })
      .history('G', [now - 5], 'A')
      .build();
    expect(ofType(decide(state, now), 'record-failovers')).toEqual([
      { type: 'record-failovers', group: 'G', failovers: [now - 5] },
    ]);
  });
});

describe('rule 3: move requests', () => {
  const base = () =>
    cluster(100)
      .nodes('OSDB_SERV', 'OSDB_BACK', 'THIRD')
      .group('SOCKET_GROUP')
      .resource('Disk', 'SOCKET_GROUP', { possibleOwners: ['OSDB_SERV', 'OSDB_BACK'] })
      .place('SOCKET_GROUP', 'OSDB_SERV', 3)
      .groupStatus('SOCKET_GROUP', 'Online');

  it('moves to the requested node and clears the request', () => {
    const state = base().move('SOCKET_GROUP', 'OSDB_BACK', 'alice').build();
    const actions = decide(state, now);
    expect(ofType(actions, 'place')).toEqual([
      {
        type: 'place',
        group: 'SOCKET_GROUP',
        node: 'OSDB_BACK',
        epoch: 101,
        reason: 'move',
        previousNode: 'OSDB_SERV',
      },
    ]);
    expect(ofType(actions, 'clear-move-request')).toEqual([{ type: 'clear-move-request', group: 'SOCKET_GROUP' }]);
    expect(events(actions)[0]).toMatchObject({
      kind: 'placement',
      message: 'SOCKET_GROUP moved from OSDB_SERV to OSDB_BACK at the request of alice',
      from: 'OSDB_SERV',
      to: 'OSDB_BACK',
      actor: 'alice',
      reason: 'move',
    });
    expect(decide(apply(state, actions), now)).toEqual([]);
  });

  it('a move to the current owner is just cleared', () => {
    expect(decide(base().move('SOCKET_GROUP', 'OSDB_SERV').build(), now)).toEqual([
      { type: 'clear-move-request', group: 'SOCKET_GROUP' },
    ]);
  });

  it.each([
    ['OSDB_BACK', 'Down', 'node OSDB_BACK is Down'],
    ['OSDB_BACK', 'Paused', 'node OSDB_BACK is Paused'],
    ['OSDB_BACK', 'Joining', 'node OSDB_BACK is Joining'],
    ['THIRD', 'Up', 'node THIRD is not a possible owner of resource Disk'],
    ['GHOST', 'Up', 'unknown node GHOST'],
  ] as const)('refuses a move to %s (%s): %s', (target, targetState, reason) => {
    const state = base()
      .node(target === 'GHOST' ? 'OSDB_BACK' : target, { state: target === 'GHOST' ? 'Up' : targetState })
      .move('SOCKET_GROUP', target)
      .build();
    const actions = decide(state, now);
    expect(ofType(actions, 'place')).toEqual([]);
    expect(ofType(actions, 'clear-move-request')).toEqual([
      { type: 'clear-move-request', group: 'SOCKET_GROUP', refusedReason: reason },
    ]);
    expect(events(actions)).toEqual([]);
  });

  it('without a target: the best other node', () => {
    const state = base().move('SOCKET_GROUP').build();
    expect(places(decide(state, now))).toEqual([{ group: 'SOCKET_GROUP', node: 'OSDB_BACK', reason: 'move' }]);
  });

  it("without a target and no other node: refused with every node's reason", () => {
    const state = base().node('OSDB_BACK', { state: 'Down' }).move('SOCKET_GROUP').build();
    expect(ofType(decide(state, now), 'clear-move-request')).toEqual([
      {
        type: 'clear-move-request',
        group: 'SOCKET_GROUP',
        refusedReason:
          'no other node can host group SOCKET_GROUP: node OSDB_BACK is Down; node THIRD is not a possible owner of resource Disk',
      },
    ]);
  });

  it('a request for a group that no longer exists is cleared', () => {
    const state = base().build();
    state.moveRequests.set('GONE', { group: 'GONE', requestedBy: 'bob', at: 0 });
    expect(decide(state, now)).toEqual([
      { type: 'clear-move-request', group: 'GONE', refusedReason: 'group GONE does not exist' },
    ]);
  });

  it('an owner going Down wins over a pending move request (the request is handled next pass)', () => {
    const state = base().node('OSDB_SERV', { state: 'Down' }).move('SOCKET_GROUP', 'OSDB_BACK').build();
    const actions = decide(state, now);
    expect(places(actions)).toEqual([{ group: 'SOCKET_GROUP', node: 'OSDB_BACK', reason: 'node-down' }]);
    expect(decide(apply(state, actions), now)).toEqual([{ type: 'clear-move-request', group: 'SOCKET_GROUP' }]);
  });
});

describe('rule 5: failback', () => {
  it('returns a group to its preferred owner when it is back', () => {
    const state = cluster(100)
      .nodes('A', 'B')
      .group('G', { preferredOwners: ['A', 'B'], autoFailback: 'Allow' })
      .resource('R', 'G')
      .place('G', 'B', 9, 'node-down')
      .groupStatus('G', 'Online')
      .build();
    const actions = decide(state, now);
    expect(places(actions)).toEqual([{ group: 'G', node: 'A', reason: 'failback' }]);
    expect(events(actions)[0]).toMatchObject({
      kind: 'placement',
      message: 'G failed back from B to A, a preferred owner',
      from: 'B',
      to: 'A',
    });
    expect(decide(apply(state, actions), now)).toEqual([]);
  });
});

describe('epochs', () => {
  it('a new epoch is above both the revision and the previous epoch', () => {
    const high = cluster(100).nodes('A', 'B').group('G').place('G', 'A', 500).move('G', 'B').build();
    expect(ofType(decide(high, now), 'place')[0]!.epoch).toBe(501);
    const low = cluster(100).nodes('A', 'B').group('G').place('G', 'A', 5).move('G', 'B').build();
    expect(ofType(decide(low, now), 'place')[0]!.epoch).toBe(101);
  });

  it('grow strictly through a run of moves, failovers and node losses', () => {
    let state = cluster(10).nodes('A', 'B', 'C').group('G', { failoverThreshold: 100 }).resource('R', 'G').build();
    const epochs: number[] = [];
    const step = (mutate: (s: ClusterState) => void) => {
      mutate(state);
      const actions = decide(state, now);
      state = apply(state, actions);
      epochs.push(...ofType(actions, 'place').map((place) => place.epoch));
    };
    step(() => {});
    for (let round = 0; round < 5; round++) {
      step((s) => s.moveRequests.set('G', { group: 'G', requestedBy: 'op', at: 0 }));
      step((s) => {
        const placement = s.placements.get('G')!;
        s.resourceStatuses.set('R', {
          name: 'R',
          group: 'G',
          node: placement.node,
          epoch: placement.epoch,
          state: 'Failed',
          since: 0,
          failures: [],
          failoverRequested: true,
        });
      });
      step((s) => s.nodeStatuses.delete(s.placements.get('G')!.node));
      step((s) => {
        for (const node of s.nodes.keys())
          s.nodeStatuses.set(node, { name: node, phase: 'Up', pid: 1, hostname: 'h', startedAt: 0, leaseTtlMs: 1000 });
      });
    }
    expect(epochs.length).toBeGreaterThanOrEqual(15);
    for (let i = 1; i < epochs.length; i++) expect(epochs[i]!).toBeGreaterThan(epochs[i - 1]!);
  });

  it('a deleted and recreated group never reuses an epoch', () => {
    let state = cluster(10).nodes('A').group('G').build();
    state = apply(state, decide(state, now));
    const first = state.placements.get('G')!.epoch;
    state.groups.delete('G');
    state.placements.delete('G');
    state.revision += 1;
    state.groups.set('G', cluster().group('G').build().groups.get('G')!);
    expect(ofType(decide(state, now), 'place')[0]!.epoch).toBeGreaterThan(first);
  });
});

describe('determinism', () => {
  it('the same state gives the same actions, groups in name order', () => {
    const build = () => cluster(100).nodes('C', 'A', 'B').group('Zeta').group('alpha').group('Mid').build();
    const first = decide(build(), now);
    expect(decide(build(), now)).toEqual(first);
    expect(ofType(first, 'place').map((place) => place.group)).toEqual(['Mid', 'Zeta', 'alpha']);
  });

  it('does not change the state it is given', () => {
    const state = cluster(100).nodes('A', 'B').group('G').build();
    const before = structuredClone(state);
    decide(state, now);
    expect(state).toEqual(before);
  });
});

describe('formatDuration', () => {
  it.each([
    [21_600_000, '6 h'],
    [90_000, '90 s'],
    [120_000, '2 min'],
    [1500, '1500 ms'],
  ])('%i → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
