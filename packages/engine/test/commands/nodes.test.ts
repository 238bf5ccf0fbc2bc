import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openTestCluster, markNodeDown, markNodeUp, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
});
afterEach(async () => {
  await cluster.close();
});

describe('create-node', () => {
  test('adds a node, unpaused, and logs who did it', async () => {
    const result = await cluster.run({ type: 'create-node', name: 'OSDB_SERV', description: 'primary' }, 'alice');
    const state = await cluster.state();
    expect(state.nodes.get('OSDB_SERV')).toEqual({ name: 'OSDB_SERV', description: 'primary', paused: false });
    expect(result.revision).toBe(state.revision);
    const [event] = await cluster.events();
    expect(event).toMatchObject({
      kind: 'command',
      command: 'create-node',
      actor: 'alice',
      result: 'ok',
      object: { kind: 'node', name: 'OSDB_SERV' },
    });
    expect(event!.revision).toBe(result.revision);
  });

  test('refuses a name already taken', async () => {
    await cluster.run({ type: 'create-node', name: 'OSDB_SERV' });
    const error = await cluster.refuse({ type: 'create-node', name: 'OSDB_SERV' });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('OSDB_SERV already exists');
  });
});

describe('delete-node', () => {
  test('is refused while the node agent runs', async () => {
    await cluster.run({ type: 'create-node', name: 'OSDB_SERV' });
    for (const phase of ['Up', 'Joining'] as const) {
      await markNodeUp(cluster.store, 'OSDB_SERV', phase);
      const error = await cluster.refuse({ type: 'delete-node', name: 'OSDB_SERV' });
      expect(error.code).toBe('conflict');
      expect(error.message).toBe(`node OSDB_SERV is ${phase}: stop wolfpackd on it first`);
    }
    await cluster.run({ type: 'pause-node', name: 'OSDB_SERV' });
    await markNodeUp(cluster.store, 'OSDB_SERV');
    expect((await cluster.refuse({ type: 'delete-node', name: 'OSDB_SERV' })).message).toContain('is Paused');
    expect((await cluster.state()).nodes.has('OSDB_SERV')).toBe(true);
  });

  test('removes the node from preferred and possible owners once it is Down', async () => {
    await seedSocketGroup(cluster);
    await cluster.run({ type: 'set-resource-properties', name: 'Chat', possibleOwners: ['OSDB_SERV', 'OSDB_BACK'] });
    await markNodeDown(cluster.store, 'OSDB_BACK');
    await cluster.run({ type: 'delete-node', name: 'OSDB_BACK' });
    const state = await cluster.state();
    expect(state.nodes.has('OSDB_BACK')).toBe(false);
    expect(state.groups.get('SOCKET_GROUP')!.policy.preferredOwners).toEqual(['OSDB_SERV']);
    expect(state.resources.get('Chat')!.possibleOwners).toEqual(['OSDB_SERV']);
  });

  test('names an unknown node', async () => {
    const error = await cluster.refuse({ type: 'delete-node', name: 'NOWHERE' });
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('node NOWHERE does not exist');
  });
});

describe('rename-node', () => {
  test('only while Down, rewriting every reference', async () => {
    await seedSocketGroup(cluster);
    await cluster.run({ type: 'set-resource-properties', name: 'Chat IP', possibleOwners: ['OSDB_BACK', 'OSDB_SERV'] });
    const refused = await cluster.refuse({ type: 'rename-node', name: 'OSDB_BACK', newName: 'OSDB_SPARE' });
    expect(refused.message).toContain('node OSDB_BACK is Up');

    await markNodeDown(cluster.store, 'OSDB_BACK');
    await cluster.run({ type: 'rename-node', name: 'OSDB_BACK', newName: 'OSDB_SPARE' });
    const state = await cluster.state();
    expect([...state.nodes.keys()].sort()).toEqual(['OSDB_SERV', 'OSDB_SPARE']);
    expect(state.nodes.get('OSDB_SPARE')!.name).toBe('OSDB_SPARE');
    expect(state.groups.get('SOCKET_GROUP')!.policy.preferredOwners).toEqual(['OSDB_SERV', 'OSDB_SPARE']);
    expect(state.resources.get('Chat IP')!.possibleOwners).toEqual(['OSDB_SPARE', 'OSDB_SERV']);
  });

  test('refuses a name another node has', async () => {
    await cluster.run({ type: 'create-node', name: 'A' });
    await cluster.run({ type: 'create-node', name: 'B' });
    const error = await cluster.refuse({ type: 'rename-node', name: 'A', newName: 'B' });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('a node named B already exists');
  });
});

describe('pause-node and resume-node', () => {
  test('set and clear paused', async () => {
    await cluster.run({ type: 'create-node', name: 'OSDB_BACK' });
    await cluster.run({ type: 'pause-node', name: 'OSDB_BACK' });
    expect((await cluster.state()).nodes.get('OSDB_BACK')!.paused).toBe(true);
    const again = await cluster.run({ type: 'pause-node', name: 'OSDB_BACK' });
    expect(again.noop).toBe(true);
    await cluster.run({ type: 'resume-node', name: 'OSDB_BACK' });
    expect((await cluster.state()).nodes.get('OSDB_BACK')!.paused).toBe(false);
  });
});
