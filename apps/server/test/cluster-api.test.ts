import { connect, type WolfpackClient } from '@wolfpack/client';
import { keys, type MovePlanReply } from '@wolfpack/contracts';
import { groupOwner, groupState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetingOf } from '@wolfpack/testing/chat-client';
import { buildOnce } from '@wolfpack/testing/build';
import { apiPath, malformed } from './harness/calls.ts';
import { refusal } from '@wolfpack/client/testing';
import { adminPassword, startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';

// The REST API against `npm start`'s real cluster: node agents, resource hosts, the chat
// server, and the server process the launcher started. Over 300 lines as one file: every
// test speaks to the one cluster started in beforeAll, and the last checks the refused
// replies all the others collected; a second file would start a second real cluster.
describe('cluster API', () => {
  let running: ServerCluster;
  let admin: WolfpackClient;
  /** Every refused reply this file's clients got, as sent, to check none leaks internals. */
  const refusedReplies: { status: number; text: string }[] = [];
  /** The client's transport, keeping a copy of each refused reply (the client itself keeps only its WolfpackError). */
  const recordingRefusals: typeof fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (response.status >= 400) refusedReplies.push({ status: response.status, text: await response.clone().text() });
    return response;
  };
  const signIn = (username: string, password: string) =>
    connect({ url: running.url, username, password, fetch: recordingRefusals });

  const onlineOn = (node: string) =>
    running.cluster.waitFor(
      `SOCKET_GROUP Online on ${node}`,
      (state) => groupOwner(state, 'SOCKET_GROUP') === node && groupState(state, 'SOCKET_GROUP') === 'Online',
    );

  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = await signIn('admin', adminPassword);
    await onlineOn('OSDB_SERV');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('GET /cluster: the whole cluster at one revision', async () => {
    const cluster = await admin.cluster.get();
    expect(cluster.name).toBe('INS_CLUS');
    expect(cluster.revision).toBeGreaterThan(0);
    expect(cluster.nodes.map((node) => `${node.name} ${node.state}`)).toEqual(['OSDB_BACK Up', 'OSDB_SERV Up']);
    expect(cluster.groups).toEqual([
      expect.objectContaining({
        name: 'SOCKET_GROUP',
        state: 'Online',
        ownerNode: 'OSDB_SERV',
        preferredOwners: ['OSDB_SERV', 'OSDB_BACK'],
      }),
    ]);
    const chat = cluster.resources.find((resource) => resource.name === 'Chat Server');
    expect(chat).toMatchObject({
      group: 'SOCKET_GROUP',
      type: 'Chat Server',
      state: 'Online',
      ownerNode: 'OSDB_SERV',
      dependencies: ['Chat IP Address', 'Chat Network Name', 'Chat Disk'],
      commonProperties: expect.objectContaining({ restartAction: 'RestartAndFailover' }),
      privateProperties: expect.objectContaining({ MaxUser: 10 }),
    });
    expect(cluster.resourceTypes.map((type) => type.name)).toEqual([
      'Chat Server',
      'Disk',
      'Generic Application',
      'IP Address',
      'Network Name',
      'OCF Resource Agent',
    ]);
  });

  it('reads one node, group, resource and type; 404 for unknown ones', async () => {
    expect(await admin.nodes.get('OSDB_SERV')).toMatchObject({ name: 'OSDB_SERV', state: 'Up', paused: false });
    expect(await admin.groups.get('SOCKET_GROUP')).toMatchObject({
      name: 'SOCKET_GROUP',
      resources: ['Chat Disk', 'Chat IP Address', 'Chat Network Name', 'Chat Server'],
    });
    expect(await admin.resources.get('Chat Server')).toMatchObject({ name: 'Chat Server', state: 'Online' });
    expect(await admin.resourceTypes.get('Chat Server')).toMatchObject({
      name: 'Chat Server',
      builtIn: true,
      controlCodes: [expect.objectContaining({ code: 'connected-users' })],
    });
    expect(await admin.nodes.list()).toHaveLength(2);
    expect(await admin.resources.list()).toHaveLength(4);
    const unknown = {
      node: () => admin.nodes.get('NOPE'),
      group: () => admin.groups.get('NOPE'),
      resource: () => admin.resources.get('NOPE'),
      type: () => admin.resourceTypes.get('NOPE'),
    };
    for (const [what, call] of Object.entries(unknown)) {
      const refused = await refusal(call());
      expect(refused.status, what).toBe(404);
      expect(refused.toBody()).toEqual({ error: 'not-found', message: expect.stringMatching(/NOPE does not exist$/) });
    }
  });

  it('dry-run move: the plan, and nothing changes', async () => {
    const before = await running.cluster.store.get(keys.moveRequest('SOCKET_GROUP'));
    // A dry run answers 200 with the plan, a move 202: the status tells them apart, so read it.
    const reply = await admin.raw<MovePlanReply>('POST', apiPath`/groups/${'SOCKET_GROUP'}/move`, {
      body: { node: 'OSDB_BACK', dryRun: true },
    });
    expect(reply.status).toBe(200);
    const { plan } = reply.body;
    expect(plan).toMatchObject({ group: 'SOCKET_GROUP', fromNode: 'OSDB_SERV', toNode: 'OSDB_BACK' });
    const steps = plan.steps.map((step) => `${step.action} ${step.resource} on ${step.node}`);
    expect(steps[0]).toBe('offline Chat Server on OSDB_SERV');
    expect(steps.at(-1)).toBe('online Chat Server on OSDB_BACK');
    expect(steps).toHaveLength(8);
    expect(before).toBeUndefined();
    expect(await running.cluster.store.get(keys.moveRequest('SOCKET_GROUP'))).toBeUndefined();
    expect((await admin.groups.get('SOCKET_GROUP')).ownerNode).toBe('OSDB_SERV');
  });

  it('moves SOCKET_GROUP by REST: accepted, and the chat greeting comes from the new node', async () => {
    const before = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    before.client.close();
    expect(before.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');

    expect(await admin.groups.move('SOCKET_GROUP', { node: 'OSDB_BACK' })).toEqual({
      group: 'SOCKET_GROUP',
      targetNode: 'OSDB_BACK',
      revision: expect.any(Number),
    });
    await onlineOn('OSDB_BACK');
    const after = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    after.client.close();
    expect(after.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    expect(await admin.groups.get('SOCKET_GROUP')).toMatchObject({ ownerNode: 'OSDB_BACK', state: 'Online' });
  });

  it('move refusals: 404 unknown group or node, 409 when the target cannot take it, 400 bad body', async () => {
    const unknownGroup = await refusal(admin.groups.move('NO_GROUP', { node: 'OSDB_SERV' }));
    expect(unknownGroup).toMatchObject({ status: 404, code: 'not-found', message: 'group NO_GROUP does not exist' });
    const unknownNode = await refusal(admin.groups.move('SOCKET_GROUP', { node: 'NO_NODE' }));
    expect(unknownNode).toMatchObject({ status: 404, code: 'not-found', message: 'node NO_NODE does not exist' });

    expect(await admin.nodes.pause('OSDB_SERV')).toMatchObject({ name: 'OSDB_SERV', paused: true, state: 'Paused' });
    const paused = await refusal(admin.groups.move('SOCKET_GROUP', { node: 'OSDB_SERV' }));
    expect(paused.status).toBe(409);
    expect(paused.code).toBe('conflict');
    expect(paused.message).toMatch(/^group SOCKET_GROUP cannot move to node OSDB_SERV: .*paused/i);
    expect(await admin.nodes.resume('OSDB_SERV')).toMatchObject({ paused: false });

    for (const body of [{ node: 5 }, { node: 'OSDB_SERV', extra: true }, { dryRun: 'yes' }, { node: 'bad/name' }]) {
      const refused = await refusal(admin.groups.move('SOCKET_GROUP', malformed(body)));
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.code).toBe('validation');
      expect(refused.fields.length).toBeGreaterThan(0);
    }
    // JSON announced, nothing sent: an empty body is a move to the best other node.
    const emptyBody = await admin.raw('POST', apiPath`/groups/${'SOCKET_GROUP'}/move`, {
      headers: { 'content-type': 'application/json' },
    });
    expect(emptyBody.status).toBe(202);
    await onlineOn('OSDB_SERV');
  });

  it('MaxUser 11, 0 or "ten": 400 naming MaxUser, and nothing changes', async () => {
    const key = keys.resource('Chat Server');
    const before = await running.cluster.store.get(key);
    for (const MaxUser of [11, 0, 'ten']) {
      const refused = await refusal(
        admin.resources.setProperties('Chat Server', { private: { MaxUser }, common: { restartThreshold: 5 } }),
      );
      expect(refused.status, String(MaxUser)).toBe(400);
      expect(refused.code).toBe('validation');
      expect(refused.fields).toEqual([{ path: 'private.MaxUser', message: expect.stringContaining('MaxUser') }]);
    }
    const after = await running.cluster.store.get(key);
    expect(after!.modRevision).toBe(before!.modRevision);
    expect((await admin.resources.get('Chat Server')).privateProperties.MaxUser).toBe(10);
    expect((await admin.resources.get('Chat Server')).commonProperties.restartThreshold).toBe(3);

    const bad = await refusal(
      admin.resources.setProperties('Chat Server', {
        common: malformed({ restartThreshold: -1, restartAction: 'Pray' }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields.map((field) => field.path).sort()).toEqual(['common.restartAction', 'common.restartThreshold']);
  });

  it('a valid property change answers with the new resource', async () => {
    const changed = await admin.resources.setProperties('Chat Server', { private: { MaxUser: 9 } });
    expect(changed).toMatchObject({
      name: 'Chat Server',
      privateProperties: expect.objectContaining({ MaxUser: 9, Port: running.cluster.chatPort }),
    });
    expect((await admin.resources.get('Chat Server')).privateProperties.MaxUser).toBe(9);
    expect(
      (await admin.resources.setProperties('Chat Server', { private: { MaxUser: null } })).privateProperties.MaxUser,
    ).toBe(10);
  });

  it('control codes: a viewer may run a read-only one', async () => {
    await admin.users.create({ username: 'vera', password: 'viewer password', role: 'viewer' });
    const vera = await signIn('vera', 'viewer password');
    await onlineOn('OSDB_SERV');
    const { client } = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    try {
      const reply = await vera.resources.control('Chat Server', { code: 'connected-users' });
      expect(reply).toMatchObject({ resource: 'Chat Server', code: 'connected-users', node: 'OSDB_SERV' });
      expect(JSON.stringify(reply.result)).toContain(String(client.socket.localPort));
    } finally {
      client.close();
    }
    const unknown = await refusal(admin.resources.control('Chat Server', { code: 'format-disk' }));
    expect(unknown.status).toBe(400);
    expect(unknown.fields).toEqual([{ path: 'code', message: expect.stringContaining('connected-users') }]);
    expect((await refusal(vera.resources.control('Chat Server', { code: 'format-disk' }))).status).toBe(403);
  });

  it('GET /events: the log with actors and results, paged by revision', async () => {
    const newest = await admin.events.list({ limit: 1000 });
    const moves = newest.filter((event) => event.command === 'move-group');
    expect(moves).toContainEqual(
      expect.objectContaining({
        actor: 'admin',
        result: 'ok',
        object: { kind: 'group', name: 'SOCKET_GROUP' },
        message: 'requested move of group SOCKET_GROUP from node OSDB_SERV to node OSDB_BACK',
      }),
    );
    expect(moves).toContainEqual(
      expect.objectContaining({ actor: 'admin', result: 'refused', reason: 'node NO_NODE does not exist' }),
    );
    const revisions = newest.map((event) => event.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    const page = await admin.events.list({ since: revisions[2], limit: 2 });
    expect(page.map((event) => event.revision)).toEqual(revisions.slice(3, 5));
    const onlyMoves = await admin.events.list({ objectKind: 'group', objectName: 'SOCKET_GROUP', limit: 1000 });
    expect(onlyMoves.every((event) => event.object.name === 'SOCKET_GROUP')).toBe(true);
    expect((await refusal(admin.events.list({ limit: 0 }))).status).toBe(400);
    expect((await refusal(admin.events.list(malformed({ since: 'soon' })))).status).toBe(400);
  });

  it('creates, changes, renames and deletes nodes, groups, resources and dependencies', async () => {
    expect(await admin.nodes.create({ name: 'SPARE', description: 'not running' })).toMatchObject({
      name: 'SPARE',
      state: 'Down',
    });
    expect(await admin.nodes.rename('SPARE', { newName: 'SPARE2' })).toMatchObject({ name: 'SPARE2' });
    expect(await admin.groups.create({ name: 'APP_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } })).toMatchObject({
      name: 'APP_GROUP',
    });
    expect(
      await admin.groups.update('APP_GROUP', { description: 'apps', policy: { failoverThreshold: 3 } }),
    ).toMatchObject({
      description: 'apps',
      policy: expect.objectContaining({ failoverThreshold: 3, preferredOwners: ['OSDB_BACK'] }),
    });
    const app = { resourceType: 'Generic Application', group: 'APP_GROUP', private: { CommandLine: 'sleep 1000' } };
    expect(await admin.resources.create({ name: 'Sleeper', ...app })).toMatchObject({
      name: 'Sleeper',
      state: 'Offline',
    });
    expect(await admin.resources.create({ name: 'Helper', ...app })).toMatchObject({
      name: 'Helper',
      state: 'Offline',
    });
    expect((await admin.resources.addDependency('Sleeper', 'Helper')).dependencies).toEqual(['Helper']);
    const cycle = await refusal(admin.resources.addDependency('Helper', 'Sleeper'));
    expect(cycle.status).toBe(409);
    const inUse = await refusal(admin.resources.delete('Helper'));
    expect(inUse.status).toBe(409);
    expect(inUse.message).toContain('Sleeper');
    expect((await admin.resources.removeDependency('Sleeper', 'Helper')).dependencies).toEqual([]);
    expect((await admin.resources.rename('Helper', { newName: 'Helper2' })).name).toBe('Helper2');
    expect((await admin.resources.update('Helper2', { possibleOwners: ['OSDB_BACK'] })).possibleOwners).toEqual([
      'OSDB_BACK',
    ]);
    expect(await admin.resources.delete('Helper2')).toEqual({
      revision: expect.any(Number),
      message: expect.stringContaining('Helper2'),
    });
    expect(await admin.resources.delete('Sleeper')).toEqual({
      revision: expect.any(Number),
      message: expect.stringContaining('Sleeper'),
    });
    expect((await admin.groups.rename('APP_GROUP', { newName: 'APP_GROUP2' })).name).toBe('APP_GROUP2');
    expect(await admin.groups.delete('APP_GROUP2')).toEqual({
      revision: expect.any(Number),
      message: 'deleted group APP_GROUP2',
    });
    const upNode = await refusal(admin.nodes.delete('OSDB_BACK'));
    expect(upNode.status).toBe(409);
    expect(await admin.nodes.delete('SPARE2')).toEqual({
      revision: expect.any(Number),
      message: expect.stringContaining('SPARE2'),
    });
    const duplicate = await refusal(admin.groups.create({ name: 'SOCKET_GROUP' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.message).toBe('a group named SOCKET_GROUP already exists');
  });

  it('errors are ErrorBody everywhere, without stack traces or source paths', async () => {
    expect(refusedReplies.length).toBeGreaterThan(15);
    for (const reply of refusedReplies) {
      expect(
        Object.keys(JSON.parse(reply.text)).every((key) => ['error', 'message', 'fields'].includes(key)),
        reply.text,
      ).toBe(true);
      expect(reply.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.mjs:\d+|node_modules|Error:/);
    }
  });
});
