import type { ResourceState } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import {
  groupOwner,
  groupResources,
  groupState,
  groupsOnNode,
  nodeNames,
  nodeState,
  possibleOwnersOfGroup,
  resourceOwner,
  resourceState,
} from '../../src/model/derived.ts';
import { cluster } from './cluster-builder.ts';

describe('nodeState', () => {
  const state = cluster()
    .node('UP')
    .node('DOWN', { state: 'Down' })
    .node('PAUSED', { state: 'Paused' })
    .node('JOINING', { state: 'Joining' })
    .build();

  it.each([
    ['UP', 'Up'],
    ['DOWN', 'Down'],
    ['PAUSED', 'Paused'],
    ['JOINING', 'Joining'],
    ['NOWHERE', 'Down'],
  ])('%s is %s', (node, expected) => {
    expect(nodeState(state, node)).toBe(expected);
  });

  it('a paused node that is joining reports Joining; a paused node without a heartbeat is Down', () => {
    const s = cluster().node('N', { state: 'Joining' }).build();
    s.nodes.get('N')!.paused = true;
    expect(nodeState(s, 'N')).toBe('Joining');
    s.nodeStatuses.delete('N');
    expect(nodeState(s, 'N')).toBe('Down');
  });

  it('a heartbeat without a node config (deleted node) is Down', () => {
    const s = cluster().node('N').build();
    s.nodes.delete('N');
    expect(nodeState(s, 'N')).toBe('Down');
  });
});

describe('resourceState / resourceOwner', () => {
  const base = () => cluster().nodes('A', 'B').group('G').resource('R', 'G');

  it('no status and no placement: Offline, no owner', () => {
    const s = base().build();
    expect(resourceState(s, 'R')).toBe('Offline');
    expect(resourceOwner(s, 'R')).toBeNull();
  });

  it('no status: Offline, owned by the placement node', () => {
    const s = base().place('G', 'A').build();
    expect(resourceState(s, 'R')).toBe('Offline');
    expect(resourceOwner(s, 'R')).toBe('A');
  });

  const states: ResourceState[] = ['Offline', 'OnlinePending', 'Online', 'OfflinePending', 'Failed'];

  it.each(states)('status %s from the placement node counts as is', (observed) => {
    const s = base().place('G', 'A').status('R', { node: 'A', state: observed }).build();
    expect(resourceState(s, 'R')).toBe(observed);
    expect(resourceOwner(s, 'R')).toBe('A');
  });

  it.each([
    ['OnlinePending', 'OnlinePending', 'B'],
    ['Online', 'Online', 'B'],
    ['OfflinePending', 'OfflinePending', 'B'],
    ['Failed', 'Offline', 'A'],
    ['Offline', 'Offline', 'A'],
  ] as [ResourceState, ResourceState, string][])(
    'status %s from a previous owner: reported %s, owner %s',
    (observed, reported, owner) => {
      const s = base().place('G', 'A', 2, 'move').status('R', { node: 'B', state: observed }).build();
      expect(resourceState(s, 'R')).toBe(reported);
      expect(resourceOwner(s, 'R')).toBe(owner);
    },
  );

  it('a status with no placement counts while held; a Failed one names its node as owner', () => {
    const held = base().status('R', { node: 'B', state: 'Online' }).build();
    expect(resourceState(held, 'R')).toBe('Online');
    expect(resourceOwner(held, 'R')).toBe('B');
    const failed = base().status('R', { node: 'B', state: 'Failed' }).build();
    expect(resourceState(failed, 'R')).toBe('Offline');
    expect(resourceOwner(failed, 'R')).toBe('B');
  });

  it('unknown resource: Offline, no owner', () => {
    const s = base().build();
    expect(resourceState(s, 'Nothing')).toBe('Offline');
    expect(resourceOwner(s, 'Nothing')).toBeNull();
  });
});

describe('groupState', () => {
  const withStates = (...observed: ResourceState[]) => {
    const b = cluster().nodes('A').group('G').place('G', 'A');
    for (const [i, s] of observed.entries()) b.resource(`R${i}`, 'G').status(`R${i}`, { node: 'A', state: s });
    return groupState(b.build(), 'G');
  };

  it('a group without resources is Offline', () => {
    expect(groupState(cluster().nodes('A').group('G').place('G', 'A').build(), 'G')).toBe('Offline');
  });

  it.each([
    [['Online'], 'Online'],
    [['Online', 'Online'], 'Online'],
    [['Offline', 'Offline'], 'Offline'],
    [['Online', 'Offline'], 'PartialOnline'],
    [['OnlinePending', 'Offline'], 'Pending'],
    [['OfflinePending', 'Online'], 'Pending'],
    [['Failed', 'Online'], 'Failed'],
    // Failed wins over Pending: an administrator must see the failure first.
    [['Failed', 'OnlinePending'], 'Failed'],
    [['Failed', 'Offline'], 'Failed'],
    [['Online', 'Offline', 'OnlinePending'], 'Pending'],
  ] as [ResourceState[], string][])('%j → %s', (observed, expected) => {
    expect(withStates(...observed)).toBe(expected);
  });

  it('a resource without status counts as Offline', () => {
    const s = cluster()
      .nodes('A')
      .group('G')
      .place('G', 'A')
      .resource('R1', 'G')
      .resource('R2', 'G')
      .status('R1', { node: 'A', state: 'Online' })
      .build();
    expect(groupState(s, 'G')).toBe('PartialOnline');
  });

  it('a Failed status left on the previous owner does not fail the group on its new node', () => {
    const s = cluster()
      .nodes('A', 'B')
      .group('G')
      .resource('R', 'G')
      .place('G', 'B', 3, 'failover')
      .status('R', { node: 'A', state: 'Failed', epoch: 2 })
      .build();
    expect(groupState(s, 'G')).toBe('Offline');
  });
});

describe('group helpers', () => {
  const s = cluster()
    .nodes('C', 'A', 'B')
    .group('G1')
    .group('G2')
    .group('G3')
    .group('Empty')
    .resource('r-b', 'G1', { possibleOwners: ['A', 'B'] })
    .resource('r-a', 'G1', { possibleOwners: ['B', 'C', 'A'] })
    .resource('free', 'G2')
    .resource('only-c', 'G3', { possibleOwners: ['C', 'GHOST'] })
    .resource('only-a', 'G3', { possibleOwners: ['A'] })
    .place('G2', 'B')
    .place('G1', 'B')
    .place('G3', 'A')
    .build();

  it('groupResources sorts by name and keeps to the group', () => {
    expect(groupResources(s, 'G1').map((r) => r.name)).toEqual(['r-a', 'r-b']);
    expect(groupResources(s, 'Empty')).toEqual([]);
  });

  it('groupOwner is the placement node', () => {
    expect(groupOwner(s, 'G1')).toBe('B');
    expect(groupOwner(s, 'Empty')).toBeNull();
  });

  it('nodeNames sorts configured nodes', () => {
    expect(nodeNames(s)).toEqual(['A', 'B', 'C']);
  });

  it.each([
    ['G1', ['A', 'B']],
    ['G2', ['A', 'B', 'C']],
    ['G3', []],
    ['Empty', ['A', 'B', 'C']],
  ])('possibleOwnersOfGroup(%s) = %j (intersection, configured nodes only)', (group, expected) => {
    expect(possibleOwnersOfGroup(s, group)).toEqual(expected);
  });

  it('groupsOnNode lists placed groups sorted', () => {
    expect(groupsOnNode(s, 'B')).toEqual(['G1', 'G2']);
    expect(groupsOnNode(s, 'A')).toEqual(['G3']);
    expect(groupsOnNode(s, 'C')).toEqual([]);
  });
});
