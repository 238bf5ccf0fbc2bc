import { join } from 'node:path';
import { CommandError } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeCommand } from '../../src/commands/index.ts';
import { findCycle } from '../../src/model/dependencies.ts';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { catalog, openTestCluster, racingPair, seedSocketGroup, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
});
afterEach(async () => {
  await cluster.close();
});

describe('schema validation', () => {
  test('an unknown command type lists the known ones', async () => {
    const error = await cluster.refuse({ type: 'reboot-cluster' });
    expect(error.code).toBe('validation');
    expect(error.fields![0]!.path).toBe('type');
    expect(error.fields![0]!.message).toContain('type must be one of: create-node, delete-node');
  });

  test('names every bad field of the command meant', async () => {
    const error = await cluster.refuse({
      type: 'create-resource',
      name: 'Chat/1',
      group: '',
      resourceType: 'Chat Server',
      dependencies: ['A', 'A'],
      color: 'blue',
    });
    expect(error.code).toBe('validation');
    expect(error.toBody()).toEqual({
      error: 'validation',
      message: expect.stringContaining('create-resource Chat/1: '),
      fields: expect.arrayContaining([
        { path: 'color', message: 'color is not an allowed property' },
        { path: 'name', message: expect.stringContaining('name is not valid: A name: 1-63 letters') },
        { path: 'group', message: 'group must not be empty' },
        { path: 'dependencies', message: 'dependencies must not list the same item twice (items 0 and 1 are equal)' },
      ]),
    });
    expect(error.fields).toHaveLength(4);
  });

  test('a missing required field is named', async () => {
    const error = await cluster.refuse({ type: 'move-group' });
    expect(error.fields).toEqual([{ path: 'name', message: 'name is required' }]);
  });

  test('something that is not a command at all', async () => {
    expect((await cluster.refuse('move it')).code).toBe('validation');
    expect((await cluster.refuse(null)).code).toBe('validation');
  });
});

describe('audit', () => {
  test('every refused command leaves an event with the actor and the reason', async () => {
    await seedSocketGroup(cluster);
    const before = (await cluster.events()).length;
    const refused = [
      { type: 'delete-node', name: 'OSDB_SERV' },
      { type: 'create-node', name: 'OSDB_SERV' },
      { type: 'move-group', name: 'NO_GROUP' },
      { type: 'set-resource-properties', name: 'Chat', private: { MaxUser: 11 } },
      { type: 'add-dependency', name: 'Chat IP', provider: 'Chat' },
      { type: 'no-such-command', name: 'x' },
    ];
    const errors: CommandError[] = [];
    for (const command of refused) errors.push(await cluster.refuse(command, 'mallory'));
    const events = (await cluster.events()).slice(before);
    expect(events).toHaveLength(refused.length);
    events.forEach((event, index) => {
      expect(event).toMatchObject({
        kind: 'command',
        actor: 'mallory',
        result: 'refused',
        reason: errors[index]!.message,
      });
      expect(event.message).toContain(errors[index]!.message);
    });
    expect(events[0]).toMatchObject({ command: 'delete-node', object: { kind: 'node', name: 'OSDB_SERV' } });
    expect(events[3]).toMatchObject({ command: 'set-resource-properties', object: { kind: 'resource', name: 'Chat' } });
    expect(events[5]).toMatchObject({ command: 'no-such-command', object: { kind: 'cluster' } });
  });

  test("an applied command's event is written in the same revision as its change", async () => {
    const result = await cluster.run({ type: 'create-node', name: 'N1' }, 'alice');
    const node = await cluster.store.get('/wolfpack/state/config/nodes/N1');
    const events = await cluster.events();
    expect(node!.modRevision).toBe(result.revision);
    expect(events[events.length - 1]).toMatchObject({
      revision: result.revision,
      result: 'ok',
      actor: 'alice',
      message: 'created node N1',
    });
  });
});

describe('concurrent commands', () => {
  let second: ClusterStore;
  beforeEach(async () => {
    // A second connection to the same database file, like a second server process.
    second = await openEmbeddedStore({ path: join(cluster.dir, 'cluster.db') });
    await seedSocketGroup(cluster);
  });
  afterEach(async () => {
    await second.close();
  });

  test('two property changes of one resource racing both survive', async () => {
    for (let round = 0; round < 10; round++) {
      const [alice, bob] = racingPair(cluster.store, second);
      await Promise.all([
        executeCommand(alice, catalog, 'alice', {
          type: 'set-resource-properties',
          name: 'Chat',
          private: { MaxUser: 1 + (round % 10) },
        }),
        executeCommand(bob, catalog, 'bob', {
          type: 'set-resource-properties',
          name: 'Chat',
          private: { Port: 7000 + round },
        }),
      ]);
      const chat = (await cluster.state()).resources.get('Chat')!;
      expect(chat.private).toMatchObject({ MaxUser: 1 + (round % 10), Port: 7000 + round });
    }
  });

  test('two racing group policy patches both survive', async () => {
    const [alice, bob] = racingPair(cluster.store, second);
    await Promise.all([
      executeCommand(alice, catalog, 'alice', {
        type: 'set-group-properties',
        name: 'SOCKET_GROUP',
        policy: { failoverThreshold: 3 },
      }),
      executeCommand(bob, catalog, 'bob', {
        type: 'set-group-properties',
        name: 'SOCKET_GROUP',
        policy: { autoFailback: 'Allow' },
      }),
      executeCommand(cluster.store, catalog, 'carol', {
        type: 'set-group-properties',
        name: 'SOCKET_GROUP',
        description: 'racing',
      }),
    ]);
    const group = (await cluster.state()).groups.get('SOCKET_GROUP')!;
    expect(group.policy).toMatchObject({ failoverThreshold: 3, autoFailback: 'Allow' });
    expect(group.description).toBe('racing');
  });

  test('two dependencies that together make a cycle: exactly one is applied', async () => {
    for (let round = 0; round < 10; round++) {
      const a = `A${round}`;
      const b = `B${round}`;
      for (const name of [a, b]) {
        await cluster.run({
          type: 'create-resource',
          name,
          group: 'SOCKET_GROUP',
          resourceType: 'Disk',
          private: { Path: `/srv/${name}` },
        });
      }
      const [alice, bob] = racingPair(cluster.store, second);
      const outcomes = await Promise.allSettled([
        executeCommand(alice, catalog, 'alice', { type: 'add-dependency', name: a, provider: b }),
        executeCommand(bob, catalog, 'bob', { type: 'add-dependency', name: b, provider: a }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(CommandError);
      expect(rejected.reason.message).toMatch(/^dependency cycle: /);
      expect(findCycle([...(await cluster.state()).resources.values()])).toBeUndefined();
    }
  });

  test('creating a resource while its group is deleted never leaves an orphan', async () => {
    for (let round = 0; round < 10; round++) {
      const group = `G${round}`;
      await cluster.run({ type: 'create-group', name: group });
      const [alice, bob] = racingPair(cluster.store, second);
      const outcomes = await Promise.allSettled([
        executeCommand(alice, catalog, 'alice', {
          type: 'create-resource',
          name: `R${round}`,
          group,
          resourceType: 'Disk',
          private: { Path: '/srv/r' },
        }),
        executeCommand(bob, catalog, 'bob', { type: 'delete-group', name: group }),
      ]);
      // Both decided on the same state; the later commit was decided again and refused.
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const state = await cluster.state();
      // Exactly one of them won: the group with its resource, or no group and no resource.
      expect(state.groups.has(group)).toBe(state.resources.has(`R${round}`));
    }
  });

  test('many creations in one group: each is applied or refused, none lost', async () => {
    const stores = [cluster.store, second];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, index) =>
        executeCommand(
          stores[index % 2]!,
          catalog,
          'alice',
          {
            type: 'create-resource',
            name: `Disk ${index}`,
            group: 'SOCKET_GROUP',
            resourceType: 'Disk',
            private: { Path: `/srv/disk-${index}` },
          },
          { maxAttempts: 20 },
        ),
      ),
    );
    const state = await cluster.state();
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') expect(state.resources.has(`Disk ${index}`)).toBe(true);
      else expect(outcome.reason).toMatchObject({ code: 'conflict' });
    });
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').length).toBe(6);
  });
});
