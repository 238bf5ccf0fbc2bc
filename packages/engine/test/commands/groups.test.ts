import { keys } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTestCluster, place, report, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
});
afterEach(async () => {
  await cluster.close();
});

describe('create-group', () => {
  test('fills the MSCS policy defaults and starts Offline', async () => {
    await cluster.run({ type: 'create-node', name: 'OSDB_SERV' });
    await cluster.run({
      type: 'create-group',
      name: 'SOCKET_GROUP',
      policy: { preferredOwners: ['OSDB_SERV'], failoverThreshold: 2 },
    });
    expect((await cluster.state()).groups.get('SOCKET_GROUP')).toEqual({
      name: 'SOCKET_GROUP',
      description: '',
      persistentState: 'Offline',
      policy: {
        preferredOwners: ['OSDB_SERV'],
        failoverThreshold: 2,
        failoverPeriodMs: 21_600_000,
        autoFailback: 'Prevent',
      },
    });
  });

  test('names preferred owners that are not nodes', async () => {
    await cluster.run({ type: 'create-node', name: 'OSDB_SERV' });
    const before = await cluster.fingerprint();
    const error = await cluster.refuse({
      type: 'create-group',
      name: 'G',
      policy: { preferredOwners: ['OSDB_SERV', 'GHOST', 'SPOOK'] },
    });
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('nodes GHOST, SPOOK do not exist');
    expect(error.fields).toEqual([{ path: 'policy.preferredOwners', message: 'nodes GHOST, SPOOK do not exist' }]);
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('names each bad policy field', async () => {
    const error = await cluster.refuse({
      type: 'create-group',
      name: 'G',
      policy: { failoverThreshold: -1, autoFailback: 'Sometimes', failbackWindow: { startHour: 25, endHour: 3 } },
    });
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { path: 'policy.failoverThreshold', message: 'policy.failoverThreshold must be >= 0' },
        { path: 'policy.autoFailback', message: 'policy.autoFailback must be one of: Prevent, Allow' },
        { path: 'policy.failbackWindow.startHour', message: 'policy.failbackWindow.startHour must be <= 23' },
      ]),
    );
  });
});

describe('delete-group', () => {
  test('is refused while the group has resources', async () => {
    await seedSocketGroup(cluster);
    const error = await cluster.refuse({ type: 'delete-group', name: 'SOCKET_GROUP' });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'group SOCKET_GROUP still has resources Chat, Chat Disk, Chat IP and Chat Name: delete its resources first',
    );
  });

  test('removes its placement, move request and history with it', async () => {
    await cluster.run({ type: 'create-node', name: 'N1' });
    await cluster.run({ type: 'create-group', name: 'EMPTY' });
    await place(cluster.store, 'EMPTY', 'N1', 4);
    await cluster.store.put(keys.groupHistory('EMPTY'), JSON.stringify({ group: 'EMPTY', failovers: [1, 2] }));
    await cluster.store.put(keys.moveRequest('EMPTY'), JSON.stringify({ group: 'EMPTY', requestedBy: 'bob', at: 1 }));
    await cluster.run({ type: 'delete-group', name: 'EMPTY' });
    const state = await cluster.state();
    expect(state.groups.has('EMPTY')).toBe(false);
    expect(state.placements.has('EMPTY')).toBe(false);
    expect(state.groupHistories.has('EMPTY')).toBe(false);
    expect(state.moveRequests.has('EMPTY')).toBe(false);
  });
});

describe('rename-group', () => {
  test('is refused while a resource is not Offline or Failed', async () => {
    await seedSocketGroup(cluster);
    await report(cluster.store, 'Chat IP', 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    const error = await cluster.refuse({ type: 'rename-group', name: 'SOCKET_GROUP', newName: 'CHAT_GROUP' });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('Chat IP is Online');
  });

  test('moves config, placement and history, and every resource follows', async () => {
    await seedSocketGroup(cluster);
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Failed');
    await cluster.store.put(
      keys.groupHistory('SOCKET_GROUP'),
      JSON.stringify({ group: 'SOCKET_GROUP', failovers: [5] }),
    );
    await cluster.run({ type: 'rename-group', name: 'SOCKET_GROUP', newName: 'CHAT_GROUP' });
    const state = await cluster.state();
    expect([...state.groups.keys()]).toEqual(['CHAT_GROUP']);
    expect(state.groups.get('CHAT_GROUP')!.name).toBe('CHAT_GROUP');
    expect(state.placements.get('CHAT_GROUP')).toMatchObject({ group: 'CHAT_GROUP', node: 'OSDB_SERV', epoch: 1 });
    expect(state.placements.has('SOCKET_GROUP')).toBe(false);
    expect(state.groupHistories.get('CHAT_GROUP')).toEqual({ group: 'CHAT_GROUP', failovers: [5] });
    expect([...state.resources.values()].map((resource) => resource.group)).toEqual([
      'CHAT_GROUP',
      'CHAT_GROUP',
      'CHAT_GROUP',
      'CHAT_GROUP',
    ]);
  });

  test('refuses a name another group has', async () => {
    await cluster.run({ type: 'create-group', name: 'A' });
    await cluster.run({ type: 'create-group', name: 'B' });
    expect((await cluster.refuse({ type: 'rename-group', name: 'A', newName: 'B' })).message).toBe(
      'a group named B already exists',
    );
  });
});

describe('set-group-properties', () => {
  test('merges the policy patch and keeps the rest', async () => {
    await seedSocketGroup(cluster);
    await cluster.run({
      type: 'set-group-properties',
      name: 'SOCKET_GROUP',
      description: 'chat',
      policy: { autoFailback: 'Allow', failbackWindow: { startHour: 22, endHour: 4 } },
    });
    const group = (await cluster.state()).groups.get('SOCKET_GROUP')!;
    expect(group.description).toBe('chat');
    expect(group.policy).toEqual({
      preferredOwners: ['OSDB_SERV', 'OSDB_BACK'],
      failoverThreshold: 10,
      failoverPeriodMs: 21_600_000,
      autoFailback: 'Allow',
      failbackWindow: { startHour: 22, endHour: 4 },
    });
  });

  test('removes the failback window when the patch sets it to null', async () => {
    await seedSocketGroup(cluster);
    await cluster.run({
      type: 'set-group-properties',
      name: 'SOCKET_GROUP',
      policy: { autoFailback: 'Allow', failbackWindow: { startHour: 22, endHour: 4 } },
    });
    await cluster.run({ type: 'set-group-properties', name: 'SOCKET_GROUP', policy: { failbackWindow: null } });
    const group = (await cluster.state()).groups.get('SOCKET_GROUP')!;
    expect(group.policy.failbackWindow).toBeUndefined();
    expect(group.policy.autoFailback).toBe('Allow');
  });

  test('names an unknown group', async () => {
    const error = await cluster.refuse({ type: 'set-group-properties', name: 'NOPE', description: 'x' });
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('group NOPE does not exist');
  });
});
