import { keys } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeCommand } from '../../src/commands/index.ts';
import { catalog, openTestCluster, report, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
  await seedSocketGroup(cluster);
});
afterEach(async () => {
  await cluster.close();
});

const persistent = async () => {
  const state = await cluster.state();
  return Object.fromEntries([...state.resources.values()].map((resource) => [resource.name, resource.persistentState]));
};

describe('bring-resource-online', () => {
  test('brings its providers with it and sets resetAt', async () => {
    await executeCommand(
      cluster.store,
      catalog,
      'alice',
      { type: 'bring-resource-online', name: 'Chat Name' },
      { now: 123_456 },
    );
    const state = await cluster.state();
    expect(await persistent()).toEqual({
      'Chat IP': 'Online',
      'Chat Name': 'Online',
      'Chat Disk': 'Offline',
      Chat: 'Offline',
    });
    expect(state.resources.get('Chat Name')!.resetAt).toBe(123_456);
    expect(state.resources.get('Chat IP')!.resetAt).toBe(123_456);
    expect(state.groups.get('SOCKET_GROUP')!.persistentState).toBe('Online');
  });

  test('the whole chain for the chat server', async () => {
    const result = await cluster.run({ type: 'bring-resource-online', name: 'Chat' });
    expect(result.message).toBe('requested Online for resource Chat and its providers Chat Disk, Chat IP, Chat Name');
    expect(await persistent()).toEqual({
      'Chat IP': 'Online',
      'Chat Name': 'Online',
      'Chat Disk': 'Online',
      Chat: 'Online',
    });
  });

  test('a missing required dependency type is refused', async () => {
    await cluster.run({
      type: 'create-resource',
      name: 'Loose Name',
      group: 'SOCKET_GROUP',
      resourceType: 'Network Name',
      private: { Name: 'loose' },
    });
    const before = await cluster.fingerprint();
    const error = await cluster.refuse({ type: 'bring-resource-online', name: 'Loose Name' });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('resource Loose Name: Network Name needs a dependency on an IP Address resource');
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('a group no node may host is refused', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat IP', possibleOwners: ['OSDB_SERV'] });
    await cluster.run({ type: 'set-resource-properties', name: 'Chat Disk', possibleOwners: ['OSDB_BACK'] });
    const error = await cluster.refuse({ type: 'bring-resource-online', name: 'Chat IP' });
    expect(error.message).toBe(
      'no node can host group SOCKET_GROUP: no node is a possible owner of all its resources ' +
        '(resource Chat Disk may run only on OSDB_BACK; resource Chat IP may run only on OSDB_SERV)',
    );
  });

  test('is accepted while every node is Down: the intent waits for a node', async () => {
    await cluster.store.delete(keys.nodeStatus('OSDB_SERV'));
    await cluster.store.delete(keys.nodeStatus('OSDB_BACK'));
    await cluster.run({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
    expect((await cluster.state()).groups.get('SOCKET_GROUP')!.persistentState).toBe('Online');
  });
});

describe('take-resource-offline', () => {
  test('takes its dependents with it; the group stays Online while something is', async () => {
    await cluster.run({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
    const result = await cluster.run({ type: 'take-resource-offline', name: 'Chat Name' });
    expect(result.message).toBe('requested Offline for resource Chat Name and its dependents Chat');
    expect(await persistent()).toEqual({
      'Chat IP': 'Online',
      'Chat Name': 'Offline',
      'Chat Disk': 'Online',
      Chat: 'Offline',
    });
    expect((await cluster.state()).groups.get('SOCKET_GROUP')!.persistentState).toBe('Online');
    await cluster.run({ type: 'take-resource-offline', name: 'Chat IP' });
    await cluster.run({ type: 'take-resource-offline', name: 'Chat Disk' });
    expect((await cluster.state()).groups.get('SOCKET_GROUP')!.persistentState).toBe('Offline');
  });
});

describe('bring-group-online and take-group-offline', () => {
  test('every resource follows the group', async () => {
    await executeCommand(
      cluster.store,
      catalog,
      'alice',
      { type: 'bring-group-online', name: 'SOCKET_GROUP' },
      { now: 99 },
    );
    let state = await cluster.state();
    expect(
      [...state.resources.values()].every(
        (resource) => resource.persistentState === 'Online' && resource.resetAt === 99,
      ),
    ).toBe(true);
    expect(state.groups.get('SOCKET_GROUP')!.persistentState).toBe('Online');
    await cluster.run({ type: 'take-group-offline', name: 'SOCKET_GROUP' });
    state = await cluster.state();
    expect([...state.resources.values()].every((resource) => resource.persistentState === 'Offline')).toBe(true);
    expect(state.groups.get('SOCKET_GROUP')!.persistentState).toBe('Offline');
  });

  test("bring-group-online checks every resource's required dependencies", async () => {
    await cluster.run({ type: 'remove-dependency', name: 'Chat', provider: 'Chat Disk' });
    const error = await cluster.refuse({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
    expect(error.message).toBe('resource Chat: Chat Server needs a dependency on a Disk resource');
    expect((await cluster.state()).groups.get('SOCKET_GROUP')!.persistentState).toBe('Offline');
  });
});

describe('initiate-failure', () => {
  test('is refused unless the resource is Online or OnlinePending', async () => {
    const error = await cluster.refuse({ type: 'initiate-failure', name: 'Chat' });
    expect([error.code, error.message]).toEqual([
      'conflict',
      'resource Chat is Offline: only an Online or OnlinePending resource can be failed',
    ]);
    expect((await cluster.state()).failureRequests.size).toBe(0);
  });

  test('writes a failure request for the owning agent', async () => {
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    await executeCommand(cluster.store, catalog, 'carol', { type: 'initiate-failure', name: 'Chat' }, { now: 777 });
    expect((await cluster.state()).failureRequests.get('Chat')).toEqual({
      resource: 'Chat',
      requestedBy: 'carol',
      at: 777,
    });
  });
});
