import { describe, expect, it } from 'vitest';
import { canHost, rankOwners, refusalReasons, selectOwner } from '../../src/policy/placement.ts';
import { cluster } from '../model/cluster-builder.ts';

describe('canHost', () => {
  const state = cluster()
    .node('UP')
    .node('DOWN', { state: 'Down' })
    .node('PAUSED', { state: 'Paused' })
    .node('JOINING', { state: 'Joining' })
    .node('OTHER')
    .group('G')
    .resource('Disk', 'G', { possibleOwners: ['UP', 'DOWN', 'PAUSED', 'JOINING'] })
    .resource('IP', 'G')
    .build();

  it.each([
    ['UP', { ok: true }],
    ['DOWN', { ok: false, reason: 'node DOWN is Down' }],
    ['PAUSED', { ok: false, reason: 'node PAUSED is Paused' }],
    ['JOINING', { ok: false, reason: 'node JOINING is Joining' }],
    ['OTHER', { ok: false, reason: 'node OTHER is not a possible owner of resource Disk' }],
    ['GHOST', { ok: false, reason: 'unknown node GHOST' }],
  ])('%s → %j', (node, expected) => {
    expect(canHost(state, 'G', node)).toEqual(expected);
  });

  it('refuses an unknown group', () => {
    expect(canHost(state, 'NOPE', 'UP')).toEqual({ ok: false, reason: 'group NOPE does not exist' });
  });

  it('names the first resource (by name) that refuses the node', () => {
    const s = cluster()
      .nodes('A')
      .group('G')
      .resource('b-res', 'G', { possibleOwners: ['X'] })
      .resource('a-res', 'G', { possibleOwners: ['Y'] })
      .build();
    expect(canHost(s, 'G', 'A')).toEqual({ ok: false, reason: 'node A is not a possible owner of resource a-res' });
  });

  it('a group with no resources may go to any Up node', () => {
    expect(canHost(cluster().nodes('A').group('G').build(), 'G', 'A')).toEqual({ ok: true });
  });
});

describe('rankOwners / selectOwner', () => {
  it('puts preferred owners first, in their order', () => {
    const s = cluster()
      .nodes('A', 'B', 'C', 'D')
      .group('G', { preferredOwners: ['C', 'A'] })
      .build();
    expect(rankOwners(s, 'G')).toEqual(['C', 'A', 'B', 'D']);
    expect(selectOwner(s, 'G')).toBe('C');
  });

  it('skips preferred owners that cannot host, and unknown ones', () => {
    const s = cluster()
      .nodes('A', 'B')
      .node('C', { state: 'Down' })
      .group('G', { preferredOwners: ['GHOST', 'C', 'B'] })
      .build();
    expect(rankOwners(s, 'G')).toEqual(['B', 'A']);
  });

  it('orders the rest by fewest groups placed, then by name', () => {
    const s = cluster()
      .nodes('A', 'B', 'C')
      .group('G')
      .group('X1')
      .group('X2')
      .group('X3')
      .place('X1', 'A')
      .place('X2', 'A')
      .place('X3', 'C')
      .build();
    expect(rankOwners(s, 'G')).toEqual(['B', 'C', 'A']);
  });

  it('does not count the group itself as load on its current node', () => {
    const s = cluster().nodes('A', 'B').group('G').group('X').place('G', 'A').place('X', 'B').build();
    expect(rankOwners(s, 'G')).toEqual(['A', 'B']);
  });

  it('keeps to the intersection of possible owners', () => {
    const s = cluster()
      .nodes('A', 'B', 'C')
      .group('G', { preferredOwners: ['A'] })
      .resource('R1', 'G', { possibleOwners: ['A', 'B', 'C'] })
      .resource('R2', 'G', { possibleOwners: ['C', 'B'] })
      .build();
    expect(rankOwners(s, 'G')).toEqual(['B', 'C']);
  });

  it('leaves out excluded nodes', () => {
    const s = cluster()
      .nodes('A', 'B', 'C')
      .group('G', { preferredOwners: ['A'] })
      .build();
    expect(rankOwners(s, 'G', { exclude: ['A', 'C'] })).toEqual(['B']);
  });

  it('paused and joining nodes take no group', () => {
    const s = cluster()
      .node('P', { state: 'Paused' })
      .node('J', { state: 'Joining' })
      .group('G', { preferredOwners: ['P', 'J'] })
      .build();
    expect(rankOwners(s, 'G')).toEqual([]);
    expect(selectOwner(s, 'G')).toBeUndefined();
  });

  it("refusalReasons lists every other node's refusal", () => {
    const s = cluster().nodes('A').node('B', { state: 'Down' }).node('C', { state: 'Paused' }).group('G').build();
    expect(refusalReasons(s, 'G', ['A'])).toBe('node B is Down; node C is Paused');
    expect(refusalReasons(cluster().nodes('A').group('G').build(), 'G', ['A'])).toBe('no other node is configured');
  });
});
