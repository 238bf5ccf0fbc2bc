import { describe, expect, it } from 'vitest';
import { decide, isForming } from '../../src/policy/index.ts';
import { cluster } from '../model/cluster-builder.ts';

// Nodes started together: the first manager must not grab every group before the others join.
describe('cluster formation', () => {
  const now = 1_000_000;
  const options = { formationMs: 3000 };
  // OSDB_BACK's agent started 500 ms ago; OSDB_SERV's has not joined yet.
  const starting = () =>
    cluster(100)
      .node('OSDB_BACK', { startedAt: now - 500 })
      .node('OSDB_SERV', { state: 'Down' })
      .group('SOCKET_GROUP', { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] })
      .resource('Chat', 'SOCKET_GROUP');

  it('waits for the preferred owner to join before the first placement', () => {
    expect(decide(starting().build(), now, options)).toEqual([]);
  });

  it('places on the preferred owner once it has joined', () => {
    const state = starting()
      .node('OSDB_SERV', { startedAt: now - 100 })
      .build();
    expect(decide(state, now, options)).toContainEqual(
      expect.objectContaining({ type: 'place', node: 'OSDB_SERV', reason: 'initial' }),
    );
  });

  it('stops waiting formationMs after the first node started, and places on a node that is up', () => {
    expect(decide(starting().build(), now + 2500, options)).toContainEqual(
      expect.objectContaining({ type: 'place', node: 'OSDB_BACK', reason: 'initial' }),
    );
  });

  it('does not move a group off a node that has not joined yet while forming', () => {
    const state = starting().place('SOCKET_GROUP', 'OSDB_SERV', 5).build();
    expect(decide(state, now, options)).toEqual([]);
    expect(decide(state, now + 2500, options)).toContainEqual(
      expect.objectContaining({ type: 'place', reason: 'node-down' }),
    );
  });

  it('is not forming when a node has been up longer than formationMs: a new manager after a crash acts at once', () => {
    const state = cluster(100)
      .node('OSDB_BACK', { startedAt: now - 60_000 })
      .node('OSDB_SERV', { state: 'Down' })
      .group('SOCKET_GROUP', { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] })
      .resource('Chat', 'SOCKET_GROUP')
      .place('SOCKET_GROUP', 'OSDB_SERV', 5)
      .build();
    expect(isForming(state, now, options)).toBe(false);
    expect(decide(state, now, options)).toContainEqual(
      expect.objectContaining({ type: 'place', node: 'OSDB_BACK', reason: 'node-down' }),
    );
  });

  it('does not wait for a paused node, and is not forming without a formation time', () => {
    const paused = cluster(100)
      .node('A', { startedAt: now })
      .node('B', { state: 'Paused', startedAt: now })
      .group('G')
      .build();
    expect(isForming(paused, now, options)).toBe(false);
    expect(isForming(starting().build(), now, {})).toBe(false);
  });
});

describe('possible owners', () => {
  const now = 1_000_000;
  it('moves a group off a node that is no longer a possible owner of all its resources', () => {
    const state = cluster(100)
      .nodes('A', 'B')
      .group('G', { preferredOwners: ['A', 'B'] })
      .resource('R', 'G', { possibleOwners: ['B'] })
      .place('G', 'A', 3)
      .build();
    expect(decide(state, now)).toContainEqual(
      expect.objectContaining({ type: 'place', group: 'G', node: 'B', reason: 'possible-owners' }),
    );
  });

  it('leaves the group where it is when no node is a possible owner of all its resources', () => {
    const state = cluster(100)
      .nodes('A', 'B')
      .group('G')
      .resource('R1', 'G', { possibleOwners: ['A'] })
      .resource('R2', 'G', { possibleOwners: ['B'] })
      .place('G', 'A', 3)
      .build();
    expect(decide(state, now).filter((action) => action.type === 'place')).toEqual([]);
  });
});
