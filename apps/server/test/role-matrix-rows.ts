import { adminPassword } from '@wolfpack/testing/server-cluster';
import { apiPath } from './harness/calls.ts';
import { admin, callers, fresh, type Row, running, runningOnline } from './harness/role-matrix.ts';
import { adminRows } from './role-matrix-admin-rows.ts';

// The role matrix's table, one row per mutating route, with the least role that may call
// it: anyone, any signed-in user, operators; the admins' rows are role-matrix-admin-rows.ts.

export const rows: Row[] = [
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
  ...adminRows,
];
