import { createClient, type RawMethod } from '@wolfpack/client';
import type { ErrorBody } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { apiPath } from './harness/calls.ts';
import { admin, callers, expected, fresh, leastRank, running, user, useRoleMatrix } from './harness/role-matrix.ts';
import { rows } from './role-matrix-rows.ts';

/*
 * Every mutating route × no sign-in, viewer, operator, admin: 401 without credentials,
 * 403 for a role below the route's, its success status otherwise. The table is checked
 * against the routes the server itself lists (its OpenAPI document), so a new route
 * without a row fails this test. Each allowed call gets fresh objects from `prepare`.
 * The calls themselves go through client.raw: the exact status is what is under test.
 */

describe('role matrix', () => {
  useRoleMatrix();

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
