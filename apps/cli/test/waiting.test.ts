import { ClusterState } from '@wolfpack/client';
import type { ClusterEventRecord, ClusterSnapshot, GroupView, ResourceView } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { groupInState, groupSettledOn, resourceInState } from '../src/waiting.ts';

/*
 * When `--wait` gives up before --timeout: one describe per rule of waiting.ts, judged on
 * made-up events against a made-up cluster (no server). SOCKET_GROUP holds Chat Disk ←
 * Chat Server (Chat Server depends on Chat Disk) and a Chat Log nothing depends on.
 */

const resource = (name: string, restartAction: string, dependencies: string[] = []) =>
  ({
    name,
    group: 'SOCKET_GROUP',
    state: 'OnlinePending',
    ownerNode: 'OSDB_BACK',
    dependencies,
    commonProperties: { restartAction },
  }) as unknown as ResourceView;

function cluster(restartAction = 'Restart'): ClusterState {
  const state = new ClusterState();
  const group = {
    name: 'SOCKET_GROUP',
    state: 'Pending',
    ownerNode: 'OSDB_BACK',
    resources: ['Chat Disk', 'Chat Server', 'Chat Log'],
  } as unknown as GroupView;
  const snapshot = {
    name: 'INS_CLUS',
    revision: 10,
    nodes: [],
    groups: [group],
    resources: [
      resource('Chat Disk', restartAction),
      resource('Chat Server', restartAction, ['Chat Disk']),
      resource('Chat Log', restartAction),
    ],
    resourceTypes: [],
  } as unknown as ClusterSnapshot;
  state.applySnapshot({ revision: 10, cluster: snapshot });
  return state;
}

const event = (fields: Partial<ClusterEventRecord>): ClusterEventRecord => ({
  time: 0,
  revision: 11,
  kind: 'state',
  object: { kind: 'resource', name: 'Chat Server' },
  message: 'an event',
  ...fields,
});

const failed = (name: string, kind: 'state' | 'restart') =>
  event({
    kind,
    object: { kind: 'resource', name },
    from: 'OnlinePending',
    to: 'Failed',
    message: `${name} Failed on OSDB_BACK: it exited`,
  });

describe('rule 1: the manager refused the move', () => {
  const refused = event({
    kind: 'placement',
    object: { kind: 'group', name: 'SOCKET_GROUP' },
    result: 'refused',
    message: 'Move of SOCKET_GROUP refused: node OSDB_BACK is paused',
  });

  it('ends a move of that group', () => {
    expect(groupSettledOn('SOCKET_GROUP', 'OSDB_BACK').deadEnd(refused, cluster())).toBe(
      'Move of SOCKET_GROUP refused: node OSDB_BACK is paused',
    );
  });

  it("not a refused REST command (someone else's), another group's refusal, nor another kind of wait", () => {
    const move = groupSettledOn('SOCKET_GROUP', 'OSDB_BACK');
    const command = event({
      kind: 'command',
      object: { kind: 'group', name: 'SOCKET_GROUP' },
      command: 'move-group',
      result: 'refused',
    });
    expect(move.deadEnd(command, cluster())).toBeUndefined();
    expect(move.deadEnd({ ...refused, object: { kind: 'group', name: 'WEB_GROUP' } }, cluster())).toBeUndefined();
    expect(groupInState('SOCKET_GROUP', 'Online').deadEnd(refused, cluster())).toBeUndefined();
  });
});

describe('rule 2: a resource that matters left Failed by its restart policy', () => {
  it('a Failed of kind state under Restart or DontRestart is final', () => {
    for (const restartAction of ['Restart', 'DontRestart']) {
      expect(
        groupInState('SOCKET_GROUP', 'Online').deadEnd(failed('Chat Server', 'state'), cluster(restartAction)),
        restartAction,
      ).toBe('Chat Server Failed on OSDB_BACK: it exited');
    }
    expect(groupSettledOn('SOCKET_GROUP', 'OSDB_BACK').deadEnd(failed('Chat Log', 'state'), cluster())).toBeDefined();
  });

  it('a Failed the policy will restart (kind restart) goes on waiting', () => {
    expect(groupInState('SOCKET_GROUP', 'Online').deadEnd(failed('Chat Server', 'restart'), cluster())).toBeUndefined();
  });

  it('under RestartAndFailover the manager decides next (rule 3), so a Failed alone goes on waiting', () => {
    expect(
      groupInState('SOCKET_GROUP', 'Online').deadEnd(failed('Chat Server', 'state'), cluster('RestartAndFailover')),
    ).toBeUndefined();
  });

  it('a resource coming online needs itself and its providers, not the rest of the group', () => {
    const online = resourceInState('Chat Server', 'Online');
    expect(online.deadEnd(failed('Chat Disk', 'state'), cluster())).toBeDefined();
    expect(online.deadEnd(failed('Chat Log', 'state'), cluster())).toBeUndefined();
    const offline = resourceInState('Chat Disk', 'Offline');
    expect(offline.deadEnd(failed('Chat Disk', 'state'), cluster())).toBeDefined();
    expect(offline.deadEnd(failed('Chat Server', 'state'), cluster())).toBeUndefined();
  });
});

describe('rule 3: the manager leaves the group Failed where it is', () => {
  const stays = event({
    kind: 'failover',
    object: { kind: 'group', name: 'SOCKET_GROUP' },
    from: 'OSDB_BACK',
    node: 'OSDB_BACK',
    reason: 'failover',
    message:
      'SOCKET_GROUP stays Failed on OSDB_BACK: resource Chat Server exceeded its restart threshold, and no other node can host it',
  });

  it('ends a wait for the group, or for one of its resources to come online', () => {
    expect(groupInState('SOCKET_GROUP', 'Online').deadEnd(stays, cluster('RestartAndFailover'))).toBe(stays.message);
    expect(groupSettledOn('SOCKET_GROUP', 'OSDB_BACK').deadEnd(stays, cluster('RestartAndFailover'))).toBe(
      stays.message,
    );
    expect(resourceInState('Chat Server', 'Online').deadEnd(stays, cluster('RestartAndFailover'))).toBe(stays.message);
  });

  it('a failover to another node is on its way: the wait goes on', () => {
    const failover = {
      ...stays,
      to: 'OSDB_SERV',
      node: 'OSDB_SERV',
      message: 'SOCKET_GROUP failed over from OSDB_BACK to OSDB_SERV',
    };
    expect(groupInState('SOCKET_GROUP', 'Online').deadEnd(failover, cluster('RestartAndFailover'))).toBeUndefined();
  });
});
