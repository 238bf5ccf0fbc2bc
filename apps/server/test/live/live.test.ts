import { keys, type ResourceTypeManifest } from '@wolfpack/contracts';
import { describe, expect, test } from 'vitest';
import { nodeUp, place, report } from './harness.ts';
import { changesFrom, expectInSync, follow, test_, useLiveTestbed } from './live-testbed.ts';

/*
 * /live against a real embedded store and a real Fastify server: what a console sees.
 * These tests follow the cluster with @wolfpack/client's LiveFeed, as the console and the
 * CLI do; the handshake and resuming are live-resume.test.ts's. Every test ends by
 * comparing the state the client applied with clusterSnapshot of the store.
 */

useLiveTestbed();

describe('live state over socket.io /live', () => {
  test('sends a snapshot equal to GET /cluster at its revision', async () => {
    const live = await follow();
    const fresh = await test_.snapshot();
    expect(live.updates[0]).toEqual({ type: 'snapshot', revision: fresh.revision });
    expect(live.state.snapshot()).toEqual(fresh);
    expect(fresh.groups).toHaveLength(10);
    expect(fresh.resources).toHaveLength(50);
  });

  test("a resource's status change changes its view and its group's view", async () => {
    const live = await follow();
    const before = live.updates.length;
    for (const resource of ['R3-0', 'R3-1', 'R3-2', 'R3-3'])
      await report(test_.store, resource, 'GROUP_3', 'OSDB_SERV', 'Online', 10);
    let revision = await report(test_.store, 'R3-4', 'GROUP_3', 'OSDB_SERV', 'Online', 10);
    await live.waitForRevision(revision);
    const changes = changesFrom(live, before);
    expect(changes).toContainEqual({
      kind: 'resource',
      name: 'R3-4',
      value: expect.objectContaining({ state: 'Online', ownerNode: 'OSDB_SERV', since: 10 }),
    });
    expect(changes.findLast((change) => change.kind === 'group')).toEqual({
      kind: 'group',
      name: 'GROUP_3',
      value: expect.objectContaining({ state: 'Online' }),
    });

    // One resource failing makes the group Failed: both views change in one batch.
    const mark = live.updates.length;
    revision = await report(test_.store, 'R3-2', 'GROUP_3', 'OSDB_SERV', 'Failed', 11);
    await live.waitForRevision(revision);
    expect(live.updates.slice(mark)).toHaveLength(1);
    const batch = changesFrom(live, mark);
    expect(batch).toEqual([
      { kind: 'resource', name: 'R3-2', value: expect.objectContaining({ state: 'Failed' }) },
      { kind: 'group', name: 'GROUP_3', value: expect.objectContaining({ state: 'Failed' }) },
    ]);
    await expectInSync(live);
  });

  test('a burst of 500 changes arrives in a few batches that add up to the store', async () => {
    const live = await follow();
    const before = live.updates.length;
    const states = ['OnlinePending', 'Online', 'OfflinePending', 'Offline', 'Failed'] as const;
    // All 500 writes commit before the server's watch can run: one burst.
    const writes: Promise<number>[] = [];
    for (let n = 0; n < 500; n++) {
      const i = n % 10;
      const j = Math.floor(n / 10) % 5;
      writes.push(
        report(test_.store, `R${i}-${j}`, `GROUP_${i}`, 'OSDB_SERV', states[(n + j) % states.length]!, 1000 + n),
      );
    }
    const revisions = await Promise.all(writes);
    await live.waitForRevision(Math.max(...revisions));
    const batches = live.updates.slice(before).filter((update) => update.type === 'changes');
    console.log(
      `burst of 500 status writes: ${batches.length} batches, ${batches.reduce((sum, b) => sum + b.changes.length, 0)} changes`,
    );
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.length).toBeLessThanOrEqual(5);
    await expectInSync(live);
  });

  test('changes of every kind of object keep a client exactly in step with the store', async () => {
    const live = await follow();
    const start = live.state.revision;
    await test_.run({ type: 'create-node', name: 'SPARE' }); // every resource's default possible owners
    await nodeUp(test_.store, 'SPARE');
    await test_.run({ type: 'pause-node', name: 'SPARE' });
    await test_.run({ type: 'create-group', name: 'NEW_GROUP' });
    await test_.run({
      type: 'create-resource',
      name: 'New IP',
      group: 'NEW_GROUP',
      resourceType: 'IP Address',
      private: { Address: '127.0.9.9' },
    });
    await report(test_.store, 'New IP', 'NEW_GROUP', 'SPARE', 'Online');
    await place(test_.store, 'NEW_GROUP', 'SPARE'); // the resource's owner and the group's state follow the placement
    await test_.run({ type: 'set-resource-properties', name: 'R1-0', private: { PrefixLength: 24 } });
    await test_.run({ type: 'add-dependency', name: 'R1-1', provider: 'R1-0' });
    await place(test_.store, 'GROUP_1', 'OSDB_BACK', 2); // statuses from OSDB_SERV no longer count
    await test_.run({ type: 'create-group', name: 'QUIET_GROUP' });
    await test_.run({ type: 'rename-group', name: 'QUIET_GROUP', newName: 'RENAMED_GROUP' });
    await test_.run({ type: 'delete-resource', name: 'R4-4' });
    await test_.store.delete(keys.nodeStatus('OSDB_BACK'));
    await expectInSync(live);
    expect([...live.state.nodes.keys()]).toContain('SPARE');
    expect(live.state.resources.get('R0-0')!.possibleOwners).toContain('SPARE');
    // Every command's audit event came through, in log order, after the snapshot.
    const events = live.updates.flatMap((update) => (update.type === 'changes' ? update.events : []));
    const commands = events.filter((event) => event.kind === 'command' && event.revision > start);
    expect(commands.map((event) => event.command)).toEqual([
      'create-node',
      'pause-node',
      'create-group',
      'create-resource',
      'set-resource-properties',
      'add-dependency',
      'create-group',
      'rename-group',
      'delete-resource',
    ]);
    expect(commands.every((event) => event.actor === 'admin' && event.result === 'ok')).toBe(true);
  });

  test('registered resource types come and go as resourceType changes', async () => {
    const live = await follow();
    const manifest: ResourceTypeManifest = {
      name: 'Fax Server',
      version: '1.0.0',
      description: 'Sends faxes',
      propertySchema: { type: 'object', properties: {} },
      controlCodes: [],
      requiredDependencies: [],
      entryPoints: { engine: 'engine.mjs', panel: 'panel.mjs' },
    };
    const before = live.updates.length;
    let revision = await test_.store.put(keys.resourceType('Fax Server'), JSON.stringify(manifest));
    await live.waitForRevision(revision);
    expect(changesFrom(live, before)).toEqual([
      {
        kind: 'resourceType',
        name: 'Fax Server',
        value: expect.objectContaining({
          name: 'Fax Server',
          builtIn: false,
          panelUrl: expect.stringContaining('Fax%20Server'),
        }),
      },
    ]);
    await expectInSync(live);
    revision = (await test_.store.delete(keys.resourceType('Fax Server'))).revision;
    await live.waitForRevision(revision);
    expect(live.updates.at(-1)).toMatchObject({
      type: 'changes',
      changes: [{ kind: 'resourceType', name: 'Fax Server', value: null }],
    });
    await expectInSync(live);
  });

  test('the group view follows its placement: owner and epoch', async () => {
    const live = await follow();
    // Its resources let go on OSDB_SERV first (a node still holding one would own the group).
    for (let j = 0; j < 5; j++) await report(test_.store, `R8-${j}`, 'GROUP_8', 'OSDB_SERV', 'Offline', 600);
    const revision = await place(test_.store, 'GROUP_8', 'OSDB_BACK', 7);
    await live.waitForRevision(revision);
    expect(live.state.groups.get('GROUP_8')).toMatchObject({ ownerNode: 'OSDB_BACK', epoch: 7 });
    expect(live.state.resources.get('R8-0')!.ownerNode).toBe('OSDB_BACK');
    await expectInSync(live);
  });
});
