import { describe, expect, it } from 'vitest';
import { planMove } from '../../src/policy/move-plan.ts';
import { cluster } from '../model/cluster-builder.ts';

const seed = () =>
  cluster()
    .nodes('OSDB_SERV', 'OSDB_BACK')
    .group('SOCKET_GROUP')
    .resource('IP Address', 'SOCKET_GROUP')
    .resource('Network Name', 'SOCKET_GROUP', { dependencies: ['IP Address'] })
    .resource('Disk', 'SOCKET_GROUP')
    .resource('Chat Server', 'SOCKET_GROUP', { dependencies: ['IP Address', 'Network Name', 'Disk'] });

describe('planMove', () => {
  it("the paper's move: offline dependents first on OSDB_SERV, then online providers first on OSDB_BACK", () => {
    const state = seed().place('SOCKET_GROUP', 'OSDB_SERV').groupStatus('SOCKET_GROUP', 'Online').build();
    expect(planMove(state, 'SOCKET_GROUP', 'OSDB_BACK')).toEqual({
      group: 'SOCKET_GROUP',
      fromNode: 'OSDB_SERV',
      toNode: 'OSDB_BACK',
      steps: [
        { resource: 'Chat Server', action: 'offline', node: 'OSDB_SERV', wave: 0 },
        { resource: 'Disk', action: 'offline', node: 'OSDB_SERV', wave: 1 },
        { resource: 'Network Name', action: 'offline', node: 'OSDB_SERV', wave: 1 },
        { resource: 'IP Address', action: 'offline', node: 'OSDB_SERV', wave: 2 },
        { resource: 'Disk', action: 'online', node: 'OSDB_BACK', wave: 3 },
        { resource: 'IP Address', action: 'online', node: 'OSDB_BACK', wave: 3 },
        { resource: 'Network Name', action: 'online', node: 'OSDB_BACK', wave: 4 },
        { resource: 'Chat Server', action: 'online', node: 'OSDB_BACK', wave: 5 },
      ],
    });
  });

  it('skips resources already Offline or Failed, and empty waves', () => {
    const state = seed()
      .place('SOCKET_GROUP', 'OSDB_SERV')
      .status('Chat Server', { node: 'OSDB_SERV', state: 'Failed' })
      .status('Network Name', { node: 'OSDB_SERV', state: 'Offline' })
      .status('Disk', { node: 'OSDB_SERV', state: 'Online' })
      .status('IP Address', { node: 'OSDB_SERV', state: 'OnlinePending' })
      .build();
    const offline = planMove(state, 'SOCKET_GROUP', 'OSDB_BACK').steps.filter((step) => step.action === 'offline');
    expect(offline).toEqual([
      { resource: 'Disk', action: 'offline', node: 'OSDB_SERV', wave: 0 },
      { resource: 'IP Address', action: 'offline', node: 'OSDB_SERV', wave: 1 },
    ]);
  });

  it('brings online only what is meant to be Online (and whose providers are)', () => {
    const state = seed()
      .place('SOCKET_GROUP', 'OSDB_SERV')
      .resource('Network Name', 'SOCKET_GROUP', { dependencies: ['IP Address'], persistentState: 'Offline' })
      .build();
    expect(planMove(state, 'SOCKET_GROUP', 'OSDB_BACK').steps).toEqual([
      { resource: 'Disk', action: 'online', node: 'OSDB_BACK', wave: 0 },
      { resource: 'IP Address', action: 'online', node: 'OSDB_BACK', wave: 0 },
    ]);
  });

  it('an unplaced group: no offline steps, fromNode null', () => {
    const plan = planMove(seed().build(), 'SOCKET_GROUP', 'OSDB_BACK');
    expect(plan.fromNode).toBeNull();
    expect(plan.steps.every((step) => step.action === 'online')).toBe(true);
    expect(plan.steps.map((step) => step.wave)).toEqual([0, 0, 1, 2]);
  });

  it('a move to the current owner plans nothing', () => {
    const state = seed().place('SOCKET_GROUP', 'OSDB_SERV').groupStatus('SOCKET_GROUP', 'Online').build();
    expect(planMove(state, 'SOCKET_GROUP', 'OSDB_SERV').steps).toEqual([]);
  });
});
