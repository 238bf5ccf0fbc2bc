import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTestCluster, report, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
  await seedSocketGroup(cluster);
});
afterEach(async () => {
  await cluster.close();
});

const chat = (extra: Record<string, unknown> = {}) => ({
  type: 'create-resource',
  name: 'Chat 2',
  group: 'SOCKET_GROUP',
  resourceType: 'Chat Server',
  dependencies: ['Chat IP', 'Chat Name', 'Chat Disk'],
  ...extra,
});

describe('create-resource', () => {
  test("fills common defaults and the type's private defaults, Offline", async () => {
    await cluster.run(chat({ common: { restartThreshold: 1 }, private: { MaxUser: 4, Port: 7001 } }));
    const resource = (await cluster.state()).resources.get('Chat 2')!;
    expect(resource).toMatchObject({
      name: 'Chat 2',
      group: 'SOCKET_GROUP',
      type: 'Chat Server',
      persistentState: 'Offline',
      description: '',
    });
    expect(resource.common).toMatchObject({
      restartAction: 'RestartAndFailover',
      restartThreshold: 1,
      restartPeriodMs: 900_000,
      looksAlivePollIntervalMs: 5000,
    });
    expect(resource.private).toEqual({
      MaxUser: 4,
      Port: 7001,
      ShareName: 'chat',
      IPAddress: '',
      NetName: '',
      IdleTimeout: 600,
      LineRate: 5,
      LineBurst: 20,
      HistoryMaxBytes: 16_777_216,
    });
    expect(resource.possibleOwners).toBeUndefined();
  });

  test.each([
    [11, 'MaxUser must be <= 10'],
    [0, 'MaxUser must be >= 1'],
    ['ten', 'MaxUser must be an integer'],
  ])('MaxUser %j is refused naming private.MaxUser', async (maxUser, message) => {
    const before = await cluster.fingerprint();
    const error = await cluster.refuse(chat({ private: { MaxUser: maxUser } }));
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'private.MaxUser', message }]);
    expect(error.message).toBe(`resource Chat 2: ${message}`);
    expect(await cluster.fingerprint()).toBe(before);
  });

  test("runs the type module's validate() with the providers", async () => {
    const error = await cluster.refuse(chat({ private: { Port: 25 } }));
    expect(error.fields).toEqual([{ path: 'private.Port', message: 'Port 25 is reserved for mail' }]);
  });

  test('names a private property the type does not have', async () => {
    const error = await cluster.refuse(chat({ private: { MaxUsers: 3 } }));
    expect(error.fields).toEqual([{ path: 'private.MaxUsers', message: 'MaxUsers is not an allowed property' }]);
  });

  test('names an unknown group, type, dependency and node', async () => {
    const group = await cluster.refuse(chat({ group: 'NO_GROUP' }));
    expect([group.code, group.message]).toEqual(['not-found', 'group NO_GROUP does not exist']);
    const type = await cluster.refuse(chat({ resourceType: 'Fax Server' }));
    expect([type.code, type.message]).toEqual(['not-found', 'resource type Fax Server does not exist']);
    const dependency = await cluster.refuse(chat({ dependencies: ['Chat IP', 'Ghost', 'Phantom'] }));
    expect([dependency.code, dependency.message]).toEqual([
      'not-found',
      'resource Chat 2 depends on Ghost and Phantom, which do not exist',
    ]);
    const node = await cluster.refuse(chat({ possibleOwners: ['OSDB_SERV', 'OSDB_GONE'] }));
    expect([node.code, node.message]).toEqual(['not-found', 'node OSDB_GONE does not exist']);
  });

  test('refuses a name any resource already has', async () => {
    const error = await cluster.refuse(chat({ name: 'Chat IP' }));
    expect([error.code, error.message]).toEqual(['conflict', 'a resource named Chat IP already exists']);
  });

  test('refuses a dependency on another group, naming both groups', async () => {
    await cluster.run({ type: 'create-group', name: 'OTHER_GROUP' });
    await cluster.run({
      type: 'create-resource',
      name: 'Other IP',
      group: 'OTHER_GROUP',
      resourceType: 'IP Address',
      private: { Address: '127.0.0.85' },
    });
    const before = await cluster.fingerprint();
    const error = await cluster.refuse(chat({ dependencies: ['Other IP'] }));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'resource Chat 2 (group SOCKET_GROUP) cannot depend on resource Other IP (group OTHER_GROUP): dependencies must stay inside one group',
    );
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('refuses depending on itself', async () => {
    const error = await cluster.refuse(chat({ dependencies: ['Chat 2'] }));
    expect(error.message).toBe('dependency cycle: Chat 2 → Chat 2');
  });
});

describe('dependencies', () => {
  test('a cycle is refused naming it, and nothing changes', async () => {
    const before = await cluster.fingerprint();
    const error = await cluster.refuse({ type: 'add-dependency', name: 'Chat IP', provider: 'Chat' });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('dependency cycle: Chat → Chat IP → Chat');
    expect(error.fields).toEqual([{ path: 'dependencies', message: 'dependency cycle: Chat → Chat IP → Chat' }]);
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('a longer cycle names every step', async () => {
    const error = await cluster.refuse({ type: 'add-dependency', name: 'Chat IP', provider: 'Chat Name' });
    expect(error.message).toBe('dependency cycle: Chat IP → Chat Name → Chat IP');
  });

  test('add and remove', async () => {
    await cluster.run({ type: 'add-dependency', name: 'Chat Disk', provider: 'Chat IP' });
    expect((await cluster.state()).resources.get('Chat Disk')!.dependencies).toEqual(['Chat IP']);
    await cluster.run({ type: 'remove-dependency', name: 'Chat', provider: 'Chat Disk' });
    expect((await cluster.state()).resources.get('Chat')!.dependencies).toEqual(['Chat IP', 'Chat Name']);
    const error = await cluster.refuse({ type: 'remove-dependency', name: 'Chat', provider: 'Chat Disk' });
    expect(error.message).toBe('resource Chat does not depend on Chat Disk');
  });

  test('a cross-group provider is refused naming both groups', async () => {
    await cluster.run({ type: 'create-group', name: 'OTHER_GROUP' });
    await cluster.run({
      type: 'create-resource',
      name: 'Other Disk',
      group: 'OTHER_GROUP',
      resourceType: 'Disk',
      private: { Path: '/srv/other' },
    });
    const error = await cluster.refuse({ type: 'add-dependency', name: 'Chat', provider: 'Other Disk' });
    expect(error.message).toContain('(group SOCKET_GROUP) cannot depend on resource Other Disk (group OTHER_GROUP)');
  });

  test('an unknown provider is named', async () => {
    const error = await cluster.refuse({ type: 'add-dependency', name: 'Chat', provider: 'Nothing' });
    expect([error.code, error.message]).toEqual([
      'not-found',
      'resource Chat depends on Nothing, which does not exist',
    ]);
  });

  test('a running dependent cannot gain a provider that is not Online', async () => {
    await cluster.run({
      type: 'create-resource',
      name: 'Spare Disk',
      group: 'SOCKET_GROUP',
      resourceType: 'Disk',
      private: { Path: '/srv/spare' },
    });
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    const error = await cluster.refuse({ type: 'add-dependency', name: 'Chat', provider: 'Spare Disk' });
    expect(error.message).toBe(
      'resource Chat is Online and Spare Disk is Offline: bring Spare Disk online or take Chat offline first',
    );
  });
});

describe('delete-resource', () => {
  test('is refused while it runs', async () => {
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'OnlinePending');
    const error = await cluster.refuse({ type: 'delete-resource', name: 'Chat' });
    expect([error.code, error.message]).toEqual(['conflict', 'resource Chat is OnlinePending: take it offline first']);
  });

  test('is refused while others depend on it, naming them', async () => {
    const error = await cluster.refuse({ type: 'delete-resource', name: 'Chat IP' });
    expect(error.message).toBe('resources Chat and Chat Name depend on Chat IP: remove those dependencies first');
  });

  test('deletes a Failed resource nothing depends on', async () => {
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Failed');
    await cluster.run({ type: 'delete-resource', name: 'Chat' });
    expect((await cluster.state()).resources.has('Chat')).toBe(false);
  });
});

describe('rename-resource', () => {
  test("rewrites its dependents' dependencies", async () => {
    await cluster.run({ type: 'rename-resource', name: 'Chat IP', newName: 'Chat Address' });
    const state = await cluster.state();
    expect(state.resources.has('Chat IP')).toBe(false);
    expect(state.resources.get('Chat Address')!.name).toBe('Chat Address');
    expect(state.resources.get('Chat')!.dependencies).toEqual(['Chat Address', 'Chat Name', 'Chat Disk']);
    expect(state.resources.get('Chat Name')!.dependencies).toEqual(['Chat Address']);
  });

  test('only while Offline', async () => {
    await report(cluster.store, 'Chat IP', 'SOCKET_GROUP', 'OSDB_SERV', 'Failed');
    const error = await cluster.refuse({ type: 'rename-resource', name: 'Chat IP', newName: 'X' });
    expect(error.message).toBe('resource Chat IP is Failed: it can be renamed only while Offline');
  });
});

describe('set-resource-properties', () => {
  test('an invalid MaxUser leaves the stored value unchanged', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', private: { MaxUser: 7 } });
    for (const [maxUser, message] of [
      [11, 'MaxUser must be <= 10'],
      [0, 'MaxUser must be >= 1'],
      ['ten', 'MaxUser must be an integer'],
    ] as const) {
      const error = await cluster.refuse({
        type: 'set-resource-properties',
        name: 'Chat',
        private: { MaxUser: maxUser },
      });
      expect(error.code).toBe('validation');
      expect(error.fields).toEqual([{ path: 'private.MaxUser', message }]);
    }
    expect((await cluster.state()).resources.get('Chat')!.private.MaxUser).toBe(7);
  });

  test('merges private properties; null resets one to its default', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', private: { MaxUser: 3, Port: 7100 } });
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', private: { MaxUser: null } });
    expect((await cluster.state()).resources.get('Chat')!.private).toMatchObject({ MaxUser: 10, Port: 7100 });
  });

  test('patches common properties and names bad ones', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', common: { restartAction: 'Restart' } });
    expect((await cluster.state()).resources.get('Chat')!.common).toMatchObject({
      restartAction: 'Restart',
      restartThreshold: 3,
    });
    const error = await cluster.refuse({
      type: 'set-resource-properties',
      name: 'Chat',
      common: { restartAction: 'Reboot', pendingTimeoutMs: 0 },
    });
    expect(error.fields).toEqual([
      {
        path: 'common.restartAction',
        message: 'common.restartAction must be one of: DontRestart, Restart, RestartAndFailover',
      },
      { path: 'common.pendingTimeoutMs', message: 'common.pendingTimeoutMs must be >= 1' },
    ]);
  });

  test('possible owners: a list of nodes, or null for every node', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', possibleOwners: ['OSDB_SERV'] });
    expect((await cluster.state()).resources.get('Chat')!.possibleOwners).toEqual(['OSDB_SERV']);
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', possibleOwners: null });
    expect((await cluster.state()).resources.get('Chat')!.possibleOwners).toBeUndefined();
    const error = await cluster.refuse({ type: 'set-resource-properties', name: 'Chat', possibleOwners: ['NOBODY'] });
    expect(error.fields).toEqual([{ path: 'possibleOwners', message: 'node NOBODY does not exist' }]);
  });

  test('the node running a resource stays one of its possible owners', async () => {
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    const error = await cluster.refuse({
      type: 'set-resource-properties',
      name: 'Chat',
      possibleOwners: ['OSDB_BACK'],
    });
    expect(error.message).toBe(
      'resource Chat is Online on node OSDB_SERV, which must stay a possible owner: move group SOCKET_GROUP first',
    );
  });

  test('a running resource can be changed (its agent applies it)', async () => {
    await report(cluster.store, 'Chat', 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    const result = await cluster.run({ type: 'set-resource-properties', name: 'Chat', private: { MaxUser: 5 } });
    expect(result.message).toBe('set properties of resource Chat: private.MaxUser');
    expect((await cluster.state()).resources.get('Chat')!.private.MaxUser).toBe(5);
  });
});
