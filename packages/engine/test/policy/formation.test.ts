import { describe, expect, it } from 'vitest';
import { decide, isForming } from '../../src/policy/index.ts';
import { cluster } from '../model/cluster-builder.ts';

// Nodes started together: the first manager must not grab every group before the others join.
describe('cluster formation', () => {
  const now = 1_000_000;
  const starting = () => cluster(100).node('OSDB_BACK').node('OSDB_SERV', { state: 'Down' }).group('SOCKET_GROUP', { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] }).resource('Chat', 'SOCKET_GROUP');

  it('waits for the preferred owner to join before the first placement', () => {
    expect(decide(starting().build(), now, { formingUntil: now + 3000 })).toEqual([]);
  });

  it('places on the preferred owner once it has joined', () => {
    const state = starting().node('OSDB_SERV').build();
    expect(decide(state, now, { formingUntil: now + 3000 })).toContainEqual(expect.objectContaining({ type: 'place', node: 'OSDB_SERV', reason: 'initial' }));
  });

  it('stops waiting when the formation time is over, and places on a node that is up', () => {
    expect(decide(starting().build(), now + 3000, { formingUntil: now + 3000 })).toContainEqual(
      expect.objectContaining({ type: 'place', node: 'OSDB_BACK', reason: 'initial' }),
    );
  });

  it('does not move a group off a node that has not joined yet while forming', () => {
    const state = starting().place('SOCKET_GROUP', 'OSDB_SERV', 5).build();
    expect(decide(state, now, { formingUntil: now + 3000 })).toEqual([]);
    expect(decide(state, now + 3000, { formingUntil: now + 3000 })).toContainEqual(expect.objectContaining({ type: 'place', reason: 'node-down' }));
  });

  it('does not wait for a paused node, and is not forming without a formation time', () => {
    const paused = cluster(100).node('A').node('B', { state: 'Paused' }).group('G').build();
    expect(isForming(paused, now, { formingUntil: now + 3000 })).toBe(false);
    expect(isForming(starting().build(), now, {})).toBe(false);
  });
});

describe('possible owners', () => {
  const now = 1_000_000;
  it('moves a group off a node that is no longer a possible owner of all its resources', () => {
    const state = cluster(100).nodes('A', 'B').group('G', { preferredOwners: ['A', 'B'] }).resource('R', 'G', { possibleOwners: ['B'] }).place('G', 'A', 3).build();
    expect(decide(state, now)).toContainEqual(expect.objectContaining({ type: 'place', group: 'G', node: 'B', reason: 'possible-owners' }));
  });

  it('leaves the group where it is when no node is a possible owner of all its resources', () => {
    const state = cluster(100).nodes('A', 'B').group('G').resource('R1', 'G', { possibleOwners: ['A'] }).resource('R2', 'G', { possibleOwners: ['B'] }).place('G', 'A', 3).build();
    expect(decide(state, now).filter((action) => action.type === 'place')).toEqual([]);
  });
});
