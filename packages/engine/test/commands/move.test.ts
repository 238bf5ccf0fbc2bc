import { keys } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeCommand, planMoveCommand } from '../../src/commands/index.ts';
import { catalog, markNodeDown, openTestCluster, report, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
  await seedSocketGroup(cluster);
});
afterEach(async () => {
  await cluster.close();
});

describe('move-group', () => {
  test('records a move request for the failover manager', async () => {
    const result = await executeCommand(
      cluster.store,
      catalog,
      'alice',
      { type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_BACK' },
      { now: 5 },
    );
    expect(result).toMatchObject({
      group: 'SOCKET_GROUP',
      targetNode: 'OSDB_BACK',
      message: 'requested move of group SOCKET_GROUP from node OSDB_SERV to node OSDB_BACK',
    });
    expect((await cluster.state()).moveRequests.get('SOCKET_GROUP')).toEqual({
      group: 'SOCKET_GROUP',
      node: 'OSDB_BACK',
      requestedBy: 'alice',
      at: 5,
    });
    const events = await cluster.events();
    expect(events[events.length - 1]).toMatchObject({
      command: 'move-group',
      result: 'ok',
      to: 'OSDB_BACK',
      actor: 'alice',
    });
  });

  test('without a node, picks the best other node', async () => {
    const result = await cluster.run({ type: 'move-group', name: 'SOCKET_GROUP' });
    expect(result.targetNode).toBe('OSDB_BACK');
  });

  test('to a Paused node is refused with the reason', async () => {
    await cluster.run({ type: 'pause-node', name: 'OSDB_BACK' });
    const before = await cluster.fingerprint();
    const error = await cluster.refuse({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_BACK' });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('group SOCKET_GROUP cannot move to node OSDB_BACK: node OSDB_BACK is Paused');
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('with no other node able to host it, is refused', async () => {
    await markNodeDown(cluster.store, 'OSDB_BACK');
    const error = await cluster.refuse({ type: 'move-group', name: 'SOCKET_GROUP' });
    expect(error.message).toBe('no other node can host SOCKET_GROUP: node OSDB_BACK is Down');
  });

  test('to a node that is not a possible owner is refused', async () => {
    await cluster.run({ type: 'set-resource-properties', name: 'Chat Disk', possibleOwners: ['OSDB_SERV'] });
    const error = await cluster.refuse({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_BACK' });
    expect(error.message).toBe(
      'group SOCKET_GROUP cannot move to node OSDB_BACK: node OSDB_BACK is not a possible owner of resource Chat Disk',
    );
  });

  test('unknown group or node are named', async () => {
    const group = await cluster.refuse({ type: 'move-group', name: 'NO_GROUP' });
    expect([group.code, group.message]).toEqual(['not-found', 'group NO_GROUP does not exist']);
    const node = await cluster.refuse({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_GONE' });
    expect([node.code, node.message]).toEqual(['not-found', 'node OSDB_GONE does not exist']);
  });

  test('to the current owner is a successful no-op', async () => {
    const result = await cluster.run({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_SERV' });
    expect(result).toMatchObject({
      noop: true,
      targetNode: 'OSDB_SERV',
      message: 'group SOCKET_GROUP is already on node OSDB_SERV',
    });
    expect((await cluster.state()).moveRequests.size).toBe(0);
  });
});

describe('planMoveCommand', () => {
  test('plans offline here then online there, and changes nothing', async () => {
    await cluster.run({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
    for (const name of ['Chat IP', 'Chat Name', 'Chat Disk', 'Chat'])
      await report(cluster.store, name, 'SOCKET_GROUP', 'OSDB_SERV', 'Online');
    const before = await cluster.fingerprint();
    const eventsBefore = (await cluster.events()).length;
    const plan = await planMoveCommand(cluster.store, catalog, 'SOCKET_GROUP', 'OSDB_BACK');
    expect(plan.fromNode).toBe('OSDB_SERV');
    expect(plan.toNode).toBe('OSDB_BACK');
    expect(plan.steps[0]).toEqual({ resource: 'Chat', action: 'offline', node: 'OSDB_SERV', wave: 0 });
    expect(plan.steps.filter((step) => step.action === 'online').map((step) => step.resource)).toEqual([
      'Chat Disk',
      'Chat IP',
      'Chat Name',
      'Chat',
    ]);
    expect(plan.steps[plan.steps.length - 1]).toMatchObject({ resource: 'Chat', action: 'online', node: 'OSDB_BACK' });
    expect(await cluster.fingerprint()).toBe(before);
    expect((await cluster.events()).length).toBe(eventsBefore);
    expect(await cluster.store.get(keys.moveRequest('SOCKET_GROUP'))).toBeUndefined();
  });

  test('is refused like move-group', async () => {
    await cluster.run({ type: 'pause-node', name: 'OSDB_BACK' });
    await expect(planMoveCommand(cluster.store, catalog, 'SOCKET_GROUP', 'OSDB_BACK')).rejects.toThrow(
      'node OSDB_BACK is Paused',
    );
    await expect(planMoveCommand(cluster.store, catalog, 'SOCKET_GROUP', 'NOPE')).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
