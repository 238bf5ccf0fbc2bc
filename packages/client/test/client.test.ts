import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect, WolfpackClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import { everyEndpoint } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { markerPackage } from '@wolfpack/testing/marker-type';
import { greetingFrom } from '@wolfpack/testing/chat-client';
import { startSeedCluster, type RunningCluster } from '@wolfpack/testing/seed-cluster';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { chatProcesses, serverProcess } from '@wolfpack/testing/processes';
import { waitUntil } from '@wolfpack/testing/conditions';
import { buildWorkspace } from '@wolfpack/testing/build';

/*
 * @wolfpack/client against a real `npm start` cluster (the launcher on a data dir of its
 * own): every endpoint family, the one error shape, and the live state. Over 300 lines
 * because calls and live share that one cluster: two files would start two.
 */

let cluster: RunningCluster;
let admin: WolfpackClient;
const url = () => cluster.consoleUrl.replace(/\/$/, '');

beforeAll(async () => {
  cluster = await startSeedCluster({ adminPassword: 'client-test-password' });
  admin = await connect({ url: url(), username: 'admin', password: cluster.adminPassword });
  await admin.waitFor((state) => state.groups.get('SOCKET_GROUP')?.state === 'Online', { timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('calls', () => {
  test('health, session, cluster and OpenAPI answer as the server documents', async () => {
    expect((await admin.health.get()).status).toBe('ok');
    const me = await admin.session.get();
    expect(me).toMatchObject({ user: 'admin', role: 'admin' });
    expect(admin.csrfToken).toBe(me.csrfToken);
    const snapshot = await admin.cluster.get();
    expect(snapshot.nodes.map((node) => node.name)).toEqual(['OSDB_BACK', 'OSDB_SERV']);
    expect((await admin.cluster.properties()).name).toBe(snapshot.name);
    const changed = await admin.cluster.update({ description: 'the client test changed this' });
    expect(changed.description).toBe('the client test changed this');
    const document = (await admin.docs.openapi()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/api/v1/groups/{name}/move');
  });

  test('nodes: list, read, pause and resume', async () => {
    expect((await admin.nodes.list()).length).toBe(2);
    expect((await admin.nodes.pause('OSDB_BACK')).paused).toBe(true);
    expect((await admin.nodes.get('OSDB_BACK')).paused).toBe(true);
    expect((await admin.nodes.resume('OSDB_BACK')).paused).toBe(false);
    const created = await admin.nodes.create({ name: 'SPARE', description: 'never started' });
    expect(created.state).toBe('Down');
    expect((await admin.nodes.rename('SPARE', { newName: 'SPARE_2' })).name).toBe('SPARE_2');
    await admin.nodes.delete('SPARE_2');
    expect((await refusal(admin.nodes.get('SPARE_2'))).code).toBe('not-found');
  });

  test('groups and resources: create, change, depend, rename, delete (names with spaces go into the path whole)', async () => {
    await admin.groups.create({ name: 'Scratch Group', description: 'client test' });
    expect((await admin.groups.update('Scratch Group', { description: 'changed' })).description).toBe('changed');
    const disk = await admin.resources.create({
      name: 'Scratch Disk',
      group: 'Scratch Group',
      resourceType: 'Disk',
      private: { Path: `${cluster.dataDir}/scratch-disk` },
    });
    expect(disk.state).toBe('Offline');
    await admin.resources.create({
      name: 'Scratch App',
      group: 'Scratch Group',
      resourceType: 'Generic Application',
      private: { CommandLine: 'sleep 1000' },
    });
    expect((await admin.resources.addDependency('Scratch App', 'Scratch Disk')).dependencies).toEqual(['Scratch Disk']);
    expect((await admin.resources.removeDependency('Scratch App', 'Scratch Disk')).dependencies).toEqual([]);
    expect((await admin.resources.update('Scratch App', { description: 'an app' })).description).toBe('an app');
    expect((await admin.resources.rename('Scratch App', { newName: 'Scratch App 2' })).name).toBe('Scratch App 2');
    expect((await admin.groups.get('Scratch Group')).resources.sort()).toEqual(['Scratch App 2', 'Scratch Disk']);
    expect((await admin.resources.list()).map((resource) => resource.name)).toContain('Scratch Disk');
    await admin.resources.delete('Scratch App 2');
    await admin.resources.delete('Scratch Disk');
    expect((await admin.groups.rename('Scratch Group', { newName: 'Scratch Group 2' })).name).toBe('Scratch Group 2');
    await admin.groups.delete('Scratch Group 2');
    expect((await admin.groups.list()).map((group) => group.name)).toEqual(['SOCKET_GROUP']);
  });

  test("a dry-run move answers the plan and changes nothing; a refused change keeps the server's status and sentence", async () => {
    const before = await admin.groups.get('SOCKET_GROUP');
    const other = before.ownerNode === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV';
    const reply = await admin.groups.move('SOCKET_GROUP', { node: other, dryRun: true });
    if (!('plan' in reply)) throw new Error(`a dry run answered ${JSON.stringify(reply)}`);
    expect(reply.plan).toMatchObject({ group: 'SOCKET_GROUP', fromNode: before.ownerNode, toNode: other });
    expect(reply.plan.steps.map((step) => `${step.action} ${step.resource}`)).toContain('online Chat Server');
    expect((await admin.groups.get('SOCKET_GROUP')).epoch).toBe(before.epoch);
    const conflict = await refusal(admin.groups.delete('SOCKET_GROUP'));
    expect(conflict).toMatchObject({ status: 409, code: 'conflict' });
    expect(conflict.message).toMatch(/SOCKET_GROUP/);
  });

  test('an invalid property is refused naming the field, and the stored value stays', async () => {
    const before = (await admin.resources.get('Chat Server')).privateProperties.MaxUser;
    const error = await refusal(admin.resources.setProperties('Chat Server', { private: { MaxUser: 11 } }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation');
    expect(error.fields.map((field) => field.path)).toEqual(['private.MaxUser']);
    expect(error.message).toMatch(/MaxUser/);
    expect((await admin.resources.get('Chat Server')).privateProperties.MaxUser).toBe(before);
    expect(
      (await admin.resources.setProperties('Chat Server', { private: { MaxUser: 5 } })).privateProperties.MaxUser,
    ).toBe(5);
  });

  test('resource types: list, read, panel module, register and unregister', async () => {
    const types = await admin.resourceTypes.list();
    expect(types.map((type) => type.name)).toContain('Chat Server');
    const chat = await admin.resourceTypes.get('Chat Server');
    const panel = await admin.resourceTypes.panel('Chat Server', chat.version);
    expect(typeof panel).toBe('string');
    expect(panel as unknown as string).toMatch(/export/);
    const registered = await admin.resourceTypes.register(markerPackage('Client Marker'));
    expect(registered).toMatchObject({ name: 'Client Marker', builtIn: false });
    await admin.resourceTypes.unregister('Client Marker');
    expect((await refusal(admin.resourceTypes.get('Client Marker'))).status).toBe(404);
  });

  test('events: the log, filtered by object and limited', async () => {
    const events = await admin.events.list({ objectName: 'SOCKET_GROUP', limit: 5 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(5);
    expect(events.every((event) => event.object.name === 'SOCKET_GROUP')).toBe(true);
  });

  test('users and tokens: a viewer with a token may read, is refused a move naming the role, and a revoked token is refused', async () => {
    await admin.users.create({ username: 'watcher', password: 'watcher-password', role: 'viewer' });
    expect((await admin.users.list()).map((user) => user.username)).toContain('watcher');
    const watcherSession = await connect({ url: url(), username: 'watcher', password: 'watcher-password' });
    const created = await watcherSession.tokens.create({ name: 'script' });
    expect((await watcherSession.tokens.list()).map((token) => token.id)).toEqual([created.id]);
    const watcher = await connect({ url: url(), token: created.token });
    expect((await watcher.groups.get('SOCKET_GROUP')).name).toBe('SOCKET_GROUP');
    const forbidden = await refusal(watcher.groups.move('SOCKET_GROUP', { node: 'OSDB_BACK' }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toMatch(/needs role operator/);
    expect((await admin.users.update('watcher', { role: 'operator' })).role).toBe('operator');
    await watcherSession.tokens.revoke(created.id);
    expect((await refusal(watcher.nodes.list())).status).toBe(401);
    await watcherSession.session.logout();
    expect((await refusal(watcherSession.session.get())).code).toBe('unauthorized');
    expect(await admin.users.delete('watcher')).toBeUndefined(); // 204 No Content
  });

  test('a session sends its CSRF token on changes, and a 401 tells onUnauthorized', async () => {
    let unauthorized = 0;
    const session = await connect({
      url: url(),
      username: 'admin',
      password: cluster.adminPassword,
      onUnauthorized: () => unauthorized++,
    });
    const withoutToken = await session.raw('POST', '/groups/SOCKET_GROUP/online', { withoutCsrf: true });
    expect(withoutToken.status).toBe(403);
    expect((withoutToken.body as { message: string }).message).toMatch(/x-csrf-token/);
    expect(await session.groups.online('SOCKET_GROUP')).toHaveProperty('revision');
    await admin.raw('DELETE', '/session', { headers: { cookie: session.cookie!, 'x-csrf-token': session.csrfToken! } });
    expect((await refusal(session.nodes.list())).status).toBe(401);
    expect(unauthorized).toBe(1);
  });

  test('the standalone bundle needs nothing but socket.io-client: a plain Node script signs in, reads and follows the cluster', async () => {
    const packageDir = join(import.meta.dirname, '..');
    await buildWorkspace(packageDir);
    const bundle = readFileSync(join(packageDir, 'dist', 'client.mjs'), 'utf8');
    const bare = [...bundle.matchAll(/(?:from|import)\s*\(?\s*["']([^"'./][^"']*)["']/g)].map((match) => match[1]);
    expect([...new Set(bare)]).toEqual(['socket.io-client']);
    // A folder where only socket.io-client resolves: any other dependency would fail to load.
    const scratch = mkdtempSync(join(tmpdir(), 'wolfpack-client-standalone-'));
    try {
      writeFileSync(join(scratch, 'client.mjs'), bundle);
      mkdirSync(join(scratch, 'node_modules'));
      symlinkSync(
        dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')),
        join(scratch, 'node_modules', 'socket.io-client'),
      );
      writeFileSync(
        join(scratch, 'script.mjs'),
        `import { connect } from './client.mjs';
const client = await connect({ url: process.argv[2], username: 'admin', password: process.argv[3] });
const health = await client.health.get();
const groups = await client.groups.list();
const live = await client.waitFor((cluster) => cluster.groups.has('SOCKET_GROUP'), { timeoutMs: 20000 });
console.log(JSON.stringify({ health: health.status, groups: groups.map((group) => group.name), live: [...live.groups.keys()] }));
`,
      );
      const run = spawnSync(process.execPath, ['script.mjs', url(), cluster.adminPassword], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ health: 'ok', groups: ['SOCKET_GROUP'], live: ['SOCKET_GROUP'] });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('no server at the address: status 0, code unreachable, and the address in the message', async () => {
    const port = await freeTcpPort();
    const nobody = await connect({ url: `http://127.0.0.1:${port}`, token: 'wpk_nothing' });
    const error = await refusal(nobody.health.get());
    expect(error).toMatchObject({ status: 0, code: 'unreachable' });
    expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}: connection refused`);
  });

  test("every endpoint of the table is a method, and no family hides one of the client's own members", () => {
    for (const { family, name } of everyEndpoint()) {
      expect(family in WolfpackClient.prototype, `family ${family} would hide WolfpackClient#${family}`).toBe(false);
      expect(
        typeof (admin as unknown as Record<string, Record<string, unknown>>)[family]?.[name],
        `${family}.${name}`,
      ).toBe('function');
    }
  });

  test('a wrong password is refused as unauthorized without telling onUnauthorized (no session ended)', async () => {
    let told = 0;
    const error = await refusal(
      connect({ url: url(), username: 'admin', password: 'not the password', onUnauthorized: () => told++ }),
    );
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(told).toBe(0);
  });
});

describe('live', () => {
  test('the snapshot equals GET /cluster, and a move is followed until the group is Online on the other node', async () => {
    const feed = await admin.live();
    try {
      const state = await feed.ready();
      const snapshot = await admin.cluster.get();
      expect(state.snapshot().groups).toEqual(snapshot.groups);
      const from = state.groups.get('SOCKET_GROUP')!.ownerNode!;
      const to = from === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV';
      const seen: string[] = [];
      const iterate = (async () => {
        for await (const update of feed) {
          if (update.type !== 'changes') continue;
          // Events, not views: the live hub sends only an object's newest view per batch, but every event.
          for (const event of update.events)
            if (event.kind === 'state' && event.object.name === 'Chat Server')
              seen.push(`${event.object.name} ${event.to} on ${event.node}`);
          if (
            feed.state.groups.get('SOCKET_GROUP')?.ownerNode === to &&
            feed.state.groups.get('SOCKET_GROUP')?.state === 'Online'
          )
            break;
        }
      })();
      const accepted = await admin.groups.move('SOCKET_GROUP', { node: to });
      expect(accepted).toMatchObject({ group: 'SOCKET_GROUP', targetNode: to });
      await admin.waitFor(
        (cluster) =>
          cluster.groups.get('SOCKET_GROUP')?.ownerNode === to &&
          cluster.groups.get('SOCKET_GROUP')?.state === 'Online',
        { feed, timeoutMs: 30_000 },
      );
      await iterate;
      expect(seen).toContain(`Chat Server OfflinePending on ${from}`);
      expect(seen).toContain(`Chat Server Online on ${to}`);
      const { line } = await greetingFrom(cluster.chatAddress, cluster.chatPort);
      expect(line).toContain(to);
    } finally {
      feed.close();
    }
  });

  test('waitFor rejects with code timeout when the state is never reached', async () => {
    const error = await refusal(admin.waitFor((cluster) => cluster.groups.has('NO_SUCH_GROUP'), { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
  });

  test('a feed whose token is revoked ends its loop with the refusal instead of hanging; a closed feed answers at once', async () => {
    const { id, token } = await admin.tokens.create({ name: 'revoked while following' });
    const follower = await connect({ url: url(), token });
    const feed = await follower.live();
    await feed.ready();
    const loop = (async () => {
      for await (const _update of feed) {
        // Following until the stream ends.
      }
    })();
    await admin.tokens.revoke(id);
    feed.reconnect();
    const ended = await loop.then(
      () => 'ended without a reason',
      (error: unknown) => error,
    );
    expect(ended).toMatchObject({ status: 401, code: 'unauthorized' });
    feed.close();
    const started = Date.now();
    expect((await refusal(feed.until(() => false, 30_000))).message).toMatch(/closed/);
    expect((await feed.updates().next()).done).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a predicate that throws rejects the wait with its error', async () => {
    const feed = await admin.live();
    try {
      await feed.ready();
      const wait = feed.until((state) => {
        if (state.groups.get('SOCKET_GROUP')?.description === 'throw now') throw new Error('the predicate broke');
        return false;
      }, 30_000);
      await admin.groups.update('SOCKET_GROUP', { description: 'throw now' });
      await expect(wait).rejects.toThrow('the predicate broke');
    } finally {
      feed.close();
    }
  });

  test('a token the server does not know is refused by the live stream too', async () => {
    const stranger = await connect({ url: url(), token: 'wpk_not-a-token' });
    const error = await refusal(stranger.waitFor(() => true, { timeoutMs: 10_000 }));
    expect(error.code).toBe('unauthorized');
  });

  test('after the server restarts, the feed resumes and catches up with what changed while it was down', async () => {
    const feed = await admin.live();
    try {
      await feed.ready();
      const statuses: string[] = [];
      feed.onStatus((status) => statuses.push(status));
      const server = serverProcess(cluster.dataDir);
      if (server === undefined) throw new Error('the cluster has no server process');
      const chatSince = feed.state.resources.get('Chat Server')!.since ?? 0;
      process.kill(server, 'SIGKILL');
      await waitUntil('the feed to notice the server is gone', () => feed.status === 'disconnected', 10_000);
      // While the server is down the cluster goes on: fail the chat server, its node restarts it.
      for (const chat of chatProcesses(cluster.dataDir)) process.kill(chat, 'SIGKILL');
      // The launcher starts the server again (after its restart delay) at the same address.
      await waitUntil('the feed to reconnect to the restarted server', () => feed.status === 'connected', 60_000);
      await feed.until(
        (state) =>
          state.resources.get('Chat Server')?.state === 'Online' &&
          (state.resources.get('Chat Server')?.since ?? 0) > chatSince,
        30_000,
      );
      const now = await admin.cluster.get();
      await feed.until((state) => state.revision >= now.revision, 10_000);
      expect(feed.state.snapshot().resources).toEqual((await admin.cluster.get()).resources);
      expect(statuses).toEqual(expect.arrayContaining(['disconnected', 'connected']));
      // And it keeps following: a change after the restart arrives.
      await admin.groups.update('SOCKET_GROUP', { description: 'after the restart' });
      await feed.until((state) => state.groups.get('SOCKET_GROUP')?.description === 'after the restart', 5_000);
    } finally {
      feed.close();
    }
  }, 120_000);
});
