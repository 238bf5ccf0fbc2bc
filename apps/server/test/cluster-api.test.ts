import { keys } from '@wolfpack/contracts';
import { groupOwner, groupState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetingOf } from '../../launcher/test/harness/chat-client.ts';
import { buildOnce } from '../../launcher/test/harness/build.ts';
import { api, type ApiClient, type ApiReply } from './harness/api-client.ts';
import { startServerCluster, type ServerCluster } from './harness/server-cluster.ts';

// The REST API against `npm start`'s real cluster: node agents, resource hosts, the chat
// server, and the server process the launcher started.
describe('cluster API', () => {
  let running: ServerCluster;
  let admin: ApiClient;
  /** Every error reply this file saw, to check none leaks internals. */
  const errorReplies: ApiReply[] = [];
  const track = <T extends ApiReply>(reply: T): T => {
    if (reply.status >= 400) errorReplies.push(reply);
    return reply;
  };

  const onlineOn = (node: string) =>
    running.cluster.waitFor(`SOCKET_GROUP Online on ${node}`, (state) => groupOwner(state, 'SOCKET_GROUP') === node && groupState(state, 'SOCKET_GROUP') === 'Online');

  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = running.admin;
    await onlineOn('OSDB_SERV');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('GET /cluster: the whole cluster at one revision', async () => {
    const reply = await admin.get(api`/cluster`);
    expect(reply.status).toBe(200);
    const cluster = reply.body;
    expect(cluster.name).toBe('INS_CLUS');
    expect(cluster.revision).toBeGreaterThan(0);
    expect(cluster.nodes.map((node: { name: string; state: string }) => `${node.name} ${node.state}`)).toEqual(['OSDB_BACK Up', 'OSDB_SERV Up']);
    expect(cluster.groups).toEqual([
      expect.objectContaining({ name: 'SOCKET_GROUP', state: 'Online', ownerNode: 'OSDB_SERV', preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] }),
    ]);
    const chat = cluster.resources.find((resource: { name: string }) => resource.name === 'Chat Server');
    expect(chat).toMatchObject({
      group: 'SOCKET_GROUP',
      type: 'Chat Server',
      state: 'Online',
      ownerNode: 'OSDB_SERV',
      dependencies: ['Chat IP Address', 'Chat Network Name', 'Chat Disk'],
      commonProperties: expect.objectContaining({ restartAction: 'RestartAndFailover' }),
      privateProperties: expect.objectContaining({ MaxUser: 10 }),
    });
    expect(cluster.resourceTypes.map((type: { name: string }) => type.name)).toEqual(['Chat Server', 'Disk', 'Generic Application', 'IP Address', 'Network Name']);
  });

  it('reads one node, group, resource and type; 404 for unknown ones', async () => {
    expect((await admin.get(api`/nodes/${'OSDB_SERV'}`)).body).toMatchObject({ name: 'OSDB_SERV', state: 'Up', paused: false });
    expect((await admin.get(api`/groups/${'SOCKET_GROUP'}`)).body).toMatchObject({ name: 'SOCKET_GROUP', resources: ['Chat Disk', 'Chat IP Address', 'Chat Network Name', 'Chat Server'] });
    expect((await admin.get(api`/resources/${'Chat Server'}`)).body).toMatchObject({ name: 'Chat Server', state: 'Online' });
    expect((await admin.get(api`/resource-types/${'Chat Server'}`)).body).toMatchObject({ name: 'Chat Server', builtIn: true, controlCodes: [expect.objectContaining({ code: 'connected-users' })] });
    expect((await admin.get(api`/nodes`)).body).toHaveLength(2);
    expect((await admin.get(api`/resources`)).body).toHaveLength(4);
    for (const path of [api`/nodes/${'NOPE'}`, api`/groups/${'NOPE'}`, api`/resources/${'NOPE'}`, api`/resource-types/${'NOPE'}`]) {
      const reply = track(await admin.get(path));
      expect(reply.status, path).toBe(404);
      expect(reply.body).toEqual({ error: 'not-found', message: expect.stringMatching(/NOPE does not exist$/) });
    }
  });

  it('dry-run move: the plan, and nothing changes', async () => {
    const before = await running.cluster.store.get(keys.moveRequest('SOCKET_GROUP'));
    const reply = await admin.post(api`/groups/${'SOCKET_GROUP'}/move`, { node: 'OSDB_BACK', dryRun: true });
    expect(reply.status).toBe(200);
    const { plan } = reply.body;
    expect(plan).toMatchObject({ group: 'SOCKET_GROUP', fromNode: 'OSDB_SERV', toNode: 'OSDB_BACK' });
    const steps = plan.steps.map((step: { resource: string; action: string; node: string }) => `${step.action} ${step.resource} on ${step.node}`);
    expect(steps[0]).toBe('offline Chat Server on OSDB_SERV');
    expect(steps.at(-1)).toBe('online Chat Server on OSDB_BACK');
    expect(steps).toHaveLength(8);
    expect(before).toBeUndefined();
    expect(await running.cluster.store.get(keys.moveRequest('SOCKET_GROUP'))).toBeUndefined();
    expect((await admin.get(api`/groups/${'SOCKET_GROUP'}`)).body.ownerNode).toBe('OSDB_SERV');
  });

  it('moves SOCKET_GROUP by REST: 202, and the chat greeting comes from the new node', async () => {
    const before = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    before.client.close();
    expect(before.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');

    const reply = await admin.post(api`/groups/${'SOCKET_GROUP'}/move`, { node: 'OSDB_BACK' });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ group: 'SOCKET_GROUP', targetNode: 'OSDB_BACK', revision: expect.any(Number) });
    await onlineOn('OSDB_BACK');
    const after = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    after.client.close();
    expect(after.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    expect((await admin.get(api`/groups/${'SOCKET_GROUP'}`)).body).toMatchObject({ ownerNode: 'OSDB_BACK', state: 'Online' });
  });

  it('move refusals: 404 unknown group or node, 409 when the target cannot take it, 400 bad body', async () => {
    const unknownGroup = track(await admin.post(api`/groups/${'NO_GROUP'}/move`, { node: 'OSDB_SERV' }));
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.body.message).toBe('group NO_GROUP does not exist');
    const unknownNode = track(await admin.post(api`/groups/${'SOCKET_GROUP'}/move`, { node: 'NO_NODE' }));
    expect(unknownNode.status).toBe(404);
    expect(unknownNode.body.message).toBe('node NO_NODE does not exist');

    expect((await admin.post(api`/nodes/${'OSDB_SERV'}/pause`)).body).toMatchObject({ name: 'OSDB_SERV', paused: true, state: 'Paused' });
    const paused = track(await admin.post(api`/groups/${'SOCKET_GROUP'}/move`, { node: 'OSDB_SERV' }));
    expect(paused.status).toBe(409);
    expect(paused.body.error).toBe('conflict');
    expect(paused.body.message).toMatch(/^group SOCKET_GROUP cannot move to node OSDB_SERV: .*paused/i);
    expect((await admin.post(api`/nodes/${'OSDB_SERV'}/resume`)).body).toMatchObject({ paused: false });

    for (const body of [{ node: 5 }, { node: 'OSDB_SERV', extra: true }, { dryRun: 'yes' }, { node: 'bad/name' }]) {
      const reply = track(await admin.post(api`/groups/${'SOCKET_GROUP'}/move`, body));
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error).toBe('validation');
      expect(reply.body.fields.length).toBeGreaterThan(0);
    }
    const badJson = track(await admin.request('POST', api`/groups/${'SOCKET_GROUP'}/move`, { headers: { 'content-type': 'application/json' }, body: undefined }));
    expect(badJson.status).toBe(202); // an empty body is a move to the best other node
    await onlineOn('OSDB_SERV');
  });

  it('MaxUser 11, 0 or "ten": 400 naming MaxUser, and nothing changes', async () => {
    const key = keys.resource('Chat Server');
    const before = await running.cluster.store.get(key);
    for (const MaxUser of [11, 0, 'ten']) {
      const reply = track(await admin.patch(api`/resources/${'Chat Server'}/properties`, { private: { MaxUser }, common: { restartThreshold: 5 } }));
      expect(reply.status, String(MaxUser)).toBe(400);
      expect(reply.body.error).toBe('validation');
      expect(reply.body.fields).toEqual([{ path: 'private.MaxUser', message: expect.stringContaining('MaxUser') }]);
    }
    const after = await running.cluster.store.get(key);
    expect(after!.modRevision).toBe(before!.modRevision);
    expect((await admin.get(api`/resources/${'Chat Server'}`)).body.privateProperties.MaxUser).toBe(10);
    expect((await admin.get(api`/resources/${'Chat Server'}`)).body.commonProperties.restartThreshold).toBe(3);

    const bad = track(await admin.patch(api`/resources/${'Chat Server'}/properties`, { common: { restartThreshold: -1, restartAction: 'Pray' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['common.restartAction', 'common.restartThreshold']);
  });

  it('a valid property change answers 200 with the new resource', async () => {
    const reply = await admin.patch(api`/resources/${'Chat Server'}/properties`, { private: { MaxUser: 9 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: 'Chat Server', privateProperties: expect.objectContaining({ MaxUser: 9, Port: running.cluster.chatPort }) });
    expect((await admin.get(api`/resources/${'Chat Server'}`)).body.privateProperties.MaxUser).toBe(9);
    expect((await admin.patch(api`/resources/${'Chat Server'}/properties`, { private: { MaxUser: null } })).body.privateProperties.MaxUser).toBe(10);
  });

  it('control codes: a viewer may run a read-only one', async () => {
    await admin.post(api`/users`, { username: 'vera', password: 'viewer password', role: 'viewer' });
    const vera = await running.anonymous.login('vera', 'viewer password');
    await onlineOn('OSDB_SERV');
    const { client } = await greetingOf(running.cluster.chatAddress, running.cluster.chatPort);
    try {
      const reply = await vera.post(api`/resources/${'Chat Server'}/control`, { code: 'connected-users' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ resource: 'Chat Server', code: 'connected-users', node: 'OSDB_SERV' });
      expect(JSON.stringify(reply.body.result)).toContain(String(client.socket.localPort));
    } finally {
      client.close();
    }
    const unknown = track(await admin.post(api`/resources/${'Chat Server'}/control`, { code: 'format-disk' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ path: 'code', message: expect.stringContaining('connected-users') }]);
    expect(track(await vera.post(api`/resources/${'Chat Server'}/control`, { code: 'format-disk' })).status).toBe(403);
  });

  it('GET /events: the log with actors and results, paged by revision', async () => {
    const newest = await admin.get(api`/events?limit=1000`);
    expect(newest.status).toBe(200);
    const moves = newest.body.filter((event: { command?: string }) => event.command === 'move-group');
    expect(moves).toContainEqual(
      expect.objectContaining({ actor: 'admin', result: 'ok', object: { kind: 'group', name: 'SOCKET_GROUP' }, message: 'requested move of group SOCKET_GROUP from node OSDB_SERV to node OSDB_BACK' }),
    );
    expect(moves).toContainEqual(expect.objectContaining({ actor: 'admin', result: 'refused', reason: 'node NO_NODE does not exist' }));
    const revisions = newest.body.map((event: { revision: number }) => event.revision);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    const page = await admin.get(`${api`/events`}?since=${revisions[2]}&limit=2`);
    expect(page.body.map((event: { revision: number }) => event.revision)).toEqual(revisions.slice(3, 5));
    const onlyMoves = await admin.get(`${api`/events`}?objectKind=group&objectName=SOCKET_GROUP&limit=1000`);
    expect(onlyMoves.body.every((event: { object: { name: string } }) => event.object.name === 'SOCKET_GROUP')).toBe(true);
    expect(track(await admin.get(`${api`/events`}?limit=0`)).status).toBe(400);
    expect(track(await admin.get(`${api`/events`}?since=soon`)).status).toBe(400);
  });

  it('creates, changes, renames and deletes nodes, groups, resources and dependencies', async () => {
    expect((await admin.post(api`/nodes`, { name: 'SPARE', description: 'not running' })).body).toMatchObject({ name: 'SPARE', state: 'Down' });
    expect((await admin.post(api`/nodes/${'SPARE'}/rename`, { newName: 'SPARE2' })).body).toMatchObject({ name: 'SPARE2' });
    expect((await admin.post(api`/groups`, { name: 'APP_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } })).status).toBe(201);
    expect((await admin.patch(api`/groups/${'APP_GROUP'}`, { description: 'apps', policy: { failoverThreshold: 3 } })).body).toMatchObject({ description: 'apps', policy: expect.objectContaining({ failoverThreshold: 3, preferredOwners: ['OSDB_BACK'] }) });
    const app = { resourceType: 'Generic Application', group: 'APP_GROUP', private: { CommandLine: 'sleep 1000' } };
    expect((await admin.post(api`/resources`, { name: 'Sleeper', ...app })).status).toBe(201);
    expect((await admin.post(api`/resources`, { name: 'Helper', ...app })).status).toBe(201);
    expect((await admin.post(api`/resources/${'Sleeper'}/dependencies/${'Helper'}`)).body.dependencies).toEqual(['Helper']);
    const cycle = track(await admin.post(api`/resources/${'Helper'}/dependencies/${'Sleeper'}`));
    expect(cycle.status).toBe(409);
    const inUse = track(await admin.delete(api`/resources/${'Helper'}`));
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toContain('Sleeper');
    expect((await admin.delete(api`/resources/${'Sleeper'}/dependencies/${'Helper'}`)).body.dependencies).toEqual([]);
    expect((await admin.post(api`/resources/${'Helper'}/rename`, { newName: 'Helper2' })).body.name).toBe('Helper2');
    expect((await admin.patch(api`/resources/${'Helper2'}`, { possibleOwners: ['OSDB_BACK'] })).body.possibleOwners).toEqual(['OSDB_BACK']);
    expect((await admin.delete(api`/resources/${'Helper2'}`)).status).toBe(200);
    expect((await admin.delete(api`/resources/${'Sleeper'}`)).status).toBe(200);
    expect((await admin.post(api`/groups/${'APP_GROUP'}/rename`, { newName: 'APP_GROUP2' })).body.name).toBe('APP_GROUP2');
    expect((await admin.delete(api`/groups/${'APP_GROUP2'}`)).body).toEqual({ revision: expect.any(Number), message: 'deleted group APP_GROUP2' });
    const upNode = track(await admin.delete(api`/nodes/${'OSDB_BACK'}`));
    expect(upNode.status).toBe(409);
    expect((await admin.delete(api`/nodes/${'SPARE2'}`)).status).toBe(200);
    const duplicate = track(await admin.post(api`/groups`, { name: 'SOCKET_GROUP' }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe('a group named SOCKET_GROUP already exists');
  });

  it('errors are ErrorBody everywhere, without stack traces or source paths', async () => {
    expect(errorReplies.length).toBeGreaterThan(15);
    for (const reply of errorReplies) {
      expect(Object.keys(reply.body).every((key) => ['error', 'message', 'fields'].includes(key)), reply.text).toBe(true);
      expect(reply.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.mjs:\d+|node_modules|Error:/);
    }
  });
});
