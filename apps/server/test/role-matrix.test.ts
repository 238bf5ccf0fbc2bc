import { createClient, type RawMethod, type WolfpackClient } from '@wolfpack/client';
import type { ErrorBody } from '@wolfpack/contracts';
import { resourceState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '@wolfpack/testing/build';
import { apiPath } from './harness/calls.ts';
import { adminPassword, startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';
import { markerPackage } from '@wolfpack/testing/marker-type';

/*
 * Every mutating route × no sign-in, viewer, operator, admin: 401 without credentials,
 * 403 for a role below the route's, its success status otherwise. The table is checked
 * against the routes the server itself lists (its OpenAPI document), so a new route
 * without a row fails this test. Each allowed call gets fresh objects from `prepare`.
 * The calls themselves go through client.raw: the exact status is what is under test.
 */

type Caller = 'none' | 'viewer' | 'operator' | 'admin';
type Least = 'public' | 'viewer' | 'operator' | 'admin';

interface Call {
  /** Under /api/v1. */
  path: string;
  body?: unknown;
  /** A client other than the caller's own (a fresh session to sign out). */
  client?: WolfpackClient;
}

interface Row {
  method: RawMethod;
  /** The route as the server names it (OpenAPI path, `{param}`). */
  route: string;
  least: Least;
  ok: number;
  prepare(caller: Caller): Promise<Call>;
}

describe('role matrix', () => {
  let running: ServerCluster;
  let admin: WolfpackClient;
  const callers = {} as Record<Caller, WolfpackClient>;
  let counter = 0;
  const fresh = (prefix: string) => `${prefix}_${++counter}`;

  const node = async () => (await admin.nodes.create({ name: fresh('MX_NODE') })).name;
  const group = async () => (await admin.groups.create({ name: fresh('MX_GROUP') })).name;
  const resource = async (dependencies: string[] = []) =>
    (
      await admin.resources.create({
        name: fresh('MX_RES'),
        group: 'MX_APPS',
        resourceType: 'Generic Application',
        dependencies,
        private: { CommandLine: 'sleep 1000' },
      })
    ).name;
  const user = async () =>
    (await admin.users.create({ username: fresh('mx_user'), password: 'password 123', role: 'viewer' })).username;
  const registeredType = async () => (await admin.resourceTypes.register(markerPackage(fresh('MX Type')))).name;
  // The operator and the admin each fail their own resource: after the operator's failure
  // the shared one would be Failed (or restarting) when the admin's call arrives.
  const runningOnline = async (caller: Caller) => {
    const name = caller === 'admin' ? 'MX_RUNNER_ADMIN' : 'MX_RUNNER';
    await running.cluster.waitFor(`${name} Online`, (state) => resourceState(state, name) === 'Online');
    return name;
  };

  const rows: Row[] = [
    // Anyone: signing in.
    {
      method: 'POST',
      route: '/api/v1/session',
      least: 'public',
      ok: 200,
      prepare: async () => ({ path: apiPath`/session`, body: { username: 'admin', password: adminPassword } }),
    },
    // Signed in, any role: their own session and tokens.
    {
      method: 'DELETE',
      route: '/api/v1/session',
      least: 'viewer',
      ok: 204,
      prepare: async (caller) => ({
        path: apiPath`/session`,
        ...(caller === 'none'
          ? {}
          : {
              client: await running.signIn(
                caller === 'admin' ? 'admin' : `mx_${caller}`,
                caller === 'admin' ? adminPassword : 'password 123',
              ),
            }),
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/session/password',
      least: 'viewer',
      ok: 204,
      // Each caller changes the password of a fresh user of its role: its own would end the matrix's sessions and tokens.
      prepare: async (caller) => {
        const call = {
          path: apiPath`/session/password`,
          body: { currentPassword: 'password 123', newPassword: 'password 456' },
        };
        if (caller === 'none') return call;
        const username = fresh(`mx_${caller}`);
        await admin.users.create({ username, password: 'password 123', role: caller });
        return { ...call, client: await running.signIn(username, 'password 123') };
      },
    },
    // A token may not create tokens (below, and the session test): the operator creates its own signed in.
    {
      method: 'POST',
      route: '/api/v1/tokens',
      least: 'viewer',
      ok: 201,
      prepare: async (caller) => ({
        path: apiPath`/tokens`,
        body: { name: fresh('token') },
        ...(caller === 'operator' ? { client: await running.signIn('mx_operator', 'password 123') } : {}),
      }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/tokens/{id}',
      least: 'viewer',
      ok: 204,
      prepare: async (caller) => {
        const owner =
          caller === 'none'
            ? admin
            : caller === 'operator'
              ? await running.signIn('mx_operator', 'password 123')
              : callers[caller];
        const created = await owner.tokens.create({ name: fresh('token') });
        return { path: apiPath`/tokens/${created.id}` };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/control',
      least: 'viewer',
      ok: 200,
      prepare: async () => ({ path: apiPath`/resources/${'Chat Server'}/control`, body: { code: 'connected-users' } }),
    },
    // Operators: online, offline, fail, move, pause, resume.
    {
      method: 'POST',
      route: '/api/v1/groups/{name}/move',
      least: 'operator',
      ok: 202,
      prepare: async () => ({ path: apiPath`/groups/${'MX_EMPTY'}/move`, body: {} }),
    },
    {
      method: 'POST',
      route: '/api/v1/groups/{name}/online',
      least: 'operator',
      ok: 202,
      prepare: async () => ({ path: apiPath`/groups/${'MX_EMPTY'}/online` }),
    },
    {
      method: 'POST',
      route: '/api/v1/groups/{name}/offline',
      least: 'operator',
      ok: 202,
      prepare: async () => ({ path: apiPath`/groups/${'MX_EMPTY'}/offline` }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/online',
      least: 'operator',
      ok: 202,
      prepare: async () => ({ path: apiPath`/resources/${'MX_RUNNER'}/online` }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/offline',
      least: 'operator',
      ok: 202,
      prepare: async () => ({ path: apiPath`/resources/${'MX_IDLE'}/offline` }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/fail',
      least: 'operator',
      ok: 202,
      prepare: async (caller) => ({ path: apiPath`/resources/${await runningOnline(caller)}/fail` }),
    },
    {
      method: 'POST',
      route: '/api/v1/nodes/{name}/pause',
      least: 'operator',
      ok: 200,
      prepare: async () => ({ path: apiPath`/nodes/${'MX_SPARE'}/pause` }),
    },
    {
      method: 'POST',
      route: '/api/v1/nodes/{name}/resume',
      least: 'operator',
      ok: 200,
      prepare: async () => ({ path: apiPath`/nodes/${'MX_SPARE'}/resume` }),
    },
    // Admins: everything else.
    {
      method: 'PATCH',
      route: '/api/v1/cluster',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/cluster`, body: { description: fresh('changed') } }),
    },
    {
      method: 'POST',
      route: '/api/v1/nodes',
      least: 'admin',
      ok: 201,
      prepare: async () => ({ path: apiPath`/nodes`, body: { name: fresh('MX_NODE') } }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/nodes/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/nodes/${await node()}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/nodes/{name}/rename',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/nodes/${await node()}/rename`, body: { newName: fresh('MX_NODE') } }),
    },
    {
      method: 'POST',
      route: '/api/v1/groups',
      least: 'admin',
      ok: 201,
      prepare: async () => ({ path: apiPath`/groups`, body: { name: fresh('MX_GROUP') } }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/groups/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/groups/${await group()}`, body: { description: 'changed' } }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/groups/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/groups/${await group()}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/groups/{name}/rename',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/groups/${await group()}/rename`, body: { newName: fresh('MX_GROUP') } }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources',
      least: 'admin',
      ok: 201,
      prepare: async () => ({
        path: apiPath`/resources`,
        body: {
          name: fresh('MX_RES'),
          group: 'MX_APPS',
          resourceType: 'Generic Application',
          private: { CommandLine: 'sleep 1000' },
        },
      }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/resources/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/resources/${await resource()}`, body: { description: 'changed' } }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/resources/{name}/properties',
      least: 'admin',
      ok: 200,
      prepare: async () => ({
        path: apiPath`/resources/${await resource()}/properties`,
        body: { common: { restartThreshold: 1 } },
      }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/resources/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/resources/${await resource()}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/rename',
      least: 'admin',
      ok: 200,
      prepare: async () => ({
        path: apiPath`/resources/${await resource()}/rename`,
        body: { newName: fresh('MX_RES') },
      }),
    },
    {
      method: 'POST',
      route: '/api/v1/resources/{name}/dependencies/{provider}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/resources/${await resource()}/dependencies/${await resource()}` }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/resources/{name}/dependencies/{provider}',
      least: 'admin',
      ok: 200,
      prepare: async () => {
        const provider = await resource();
        return { path: apiPath`/resources/${await resource([provider])}/dependencies/${provider}` };
      },
    },
    {
      method: 'POST',
      route: '/api/v1/resource-types',
      least: 'admin',
      ok: 201,
      prepare: async () => ({ path: apiPath`/resource-types`, body: markerPackage(fresh('MX Type')) }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/resource-types/{name}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/resource-types/${await registeredType()}` }),
    },
    {
      method: 'POST',
      route: '/api/v1/users',
      least: 'admin',
      ok: 201,
      prepare: async () => ({
        path: apiPath`/users`,
        body: { username: fresh('mx_user'), password: 'password 123', role: 'viewer' },
      }),
    },
    {
      method: 'PATCH',
      route: '/api/v1/users/{username}',
      least: 'admin',
      ok: 200,
      prepare: async () => ({ path: apiPath`/users/${await user()}`, body: { role: 'operator' } }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/users/{username}',
      least: 'admin',
      ok: 204,
      prepare: async () => ({ path: apiPath`/users/${await user()}` }),
    },
  ];

  const rank: Record<Caller, number> = { none: -1, viewer: 0, operator: 1, admin: 2 };
  const leastRank: Record<Least, number> = { public: -1, viewer: 0, operator: 1, admin: 2 };
  const expected = (row: Row, caller: Caller) =>
    rank[caller] >= leastRank[row.least] ? row.ok : caller === 'none' ? 401 : 403;

  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = running.admin;
    for (const role of ['viewer', 'operator'] as const)
      await admin.users.create({ username: `mx_${role}`, password: 'password 123', role });
    callers.none = running.anonymous;
    callers.viewer = await running.signIn('mx_viewer', 'password 123');
    // The operator acts with an API token: both ways of signing in go through the matrix.
    const { token } = await (await running.signIn('mx_operator', 'password 123')).tokens.create({ name: 'matrix' });
    callers.operator = createClient({ url: running.url, token });
    callers.admin = admin;
    // Objects the operator routes act on.
    await admin.nodes.create({ name: 'MX_SPARE' });
    await admin.groups.create({ name: 'MX_EMPTY' });
    await admin.groups.create({ name: 'MX_APPS', policy: { preferredOwners: ['OSDB_BACK'] } });
    const app = { group: 'MX_APPS', resourceType: 'Generic Application', private: { CommandLine: 'sleep 1000' } };
    await admin.resources.create({ name: 'MX_RUNNER', ...app, common: { restartThreshold: 100 } });
    await admin.resources.create({ name: 'MX_IDLE', ...app });
    await admin.resources.create({ name: 'MX_RUNNER_ADMIN', ...app, common: { restartThreshold: 100 } });
    await admin.resources.online('MX_RUNNER');
    await admin.resources.online('MX_RUNNER_ADMIN');
    await running.cluster.waitFor('Chat Server Online', (state) => resourceState(state, 'Chat Server') === 'Online');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('has a row for every mutating route the server serves, and none it does not', async () => {
    const document = (await running.anonymous.docs.openapi()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((route) => !route.startsWith('GET ') && !route.startsWith('HEAD '))
      .sort();
    expect(rows.map((row) => `${row.method} ${row.route}`).sort()).toEqual(served);
  });

  it.each(rows.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const caller of ['none', 'viewer', 'operator', 'admin'] as const) {
      const call = await row.prepare(caller);
      const client = call.client ?? callers[caller];
      const reply = await client.raw<ErrorBody>(
        row.method,
        call.path,
        call.body !== undefined ? { body: call.body } : {},
      );
      outcomes.push(`${caller} ${reply.status}${reply.status !== expected(row, caller) ? ` ${reply.text}` : ''}`);
      wanted.push(`${caller} ${expected(row, caller)}`);
      if (reply.status === 401 || reply.status === 403)
        expect(reply.body.error).toBe(reply.status === 401 ? 'unauthorized' : 'forbidden');
    }
    expect(outcomes).toEqual(wanted);
  });

  it('an admin acting with an API token may not create credentials: users, passwords, tokens (403 naming the rule)', async () => {
    const { token, id } = await admin.tokens.create({ name: 'admin matrix' });
    const adminToken = createClient({ url: running.url, token });
    const username = await user();
    const calls: [RawMethod, string, unknown][] = [
      ['POST', apiPath`/users`, { username: fresh('mx_user'), password: 'password 123', role: 'admin' }],
      ['PATCH', apiPath`/users/${username}`, { password: 'password 456' }],
      ['PATCH', apiPath`/users/${'admin'}`, { password: 'password 456' }],
      ['POST', apiPath`/tokens`, { name: fresh('token') }],
    ];
    for (const [method, path, body] of calls) {
      const reply = await adminToken.raw<ErrorBody>(method, path, { body });
      expect(`${method} ${path} ${reply.status} ${reply.body.error}`).toBe(`${method} ${path} 403 forbidden`);
      expect(reply.body.message).toMatch(
        /^an API token may not (create users|set passwords|create API tokens): .*sign in as admin with the password for that/,
      );
    }
    // Whatever else an admin may do, its token may: a role change is no credential.
    expect((await adminToken.raw('PATCH', apiPath`/users/${username}`, { body: { role: 'operator' } })).status).toBe(
      200,
    );
    await admin.tokens.revoke(id);
  });

  it('refuses every call without credentials, audits signed-in refusals and writes nothing for anonymous ones', async () => {
    const events = await admin.events.list({ limit: 1000 });
    const refusedViewer = events.filter((event) => event.actor === 'mx_viewer' && event.result === 'refused');
    const refusedAnonymous = events.filter(
      (event) => event.actor?.startsWith('anonymous@') && event.result === 'refused',
    );
    // The viewer's first refusal of the minute is written at once, whole; the rest are counted
    // and written as one event when the minute ends (audit-flood.test.ts sees the count).
    const forbiddenRows = rows.filter((row) => leastRank[row.least] > 0).length;
    expect(refusedViewer.filter((event) => event.command !== 'refused-requests').length).toBeGreaterThanOrEqual(1);
    expect(refusedViewer.length).toBeLessThan(forbiddenRows);
    expect(refusedViewer.find((event) => event.command !== 'refused-requests')?.reason).toMatch(
      /^user mx_viewer \(role viewer\) may not .*: it needs role (operator|admin)/,
    );
    // Anonymous refusals never reach the store (failed sign-ins are counted a minute, then written once).
    expect(refusedAnonymous.filter((event) => event.command !== 'login')).toEqual([]);
  });
});
