import { keys } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, api, ApiClient } from './harness/api-client.ts';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// Sign-in, sessions, CSRF, API tokens and users, on a real store with the server built in
// this process (two of them where the point is that servers share everything).
const adminPassword = 'admin password 1';

describe('sessions, tokens and users', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: ApiClient;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    server = await startServer(storeDir, { loginAttemptsPerMinute: 1000 });
    admin = await server.client.login('admin', adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('signs in with an HttpOnly, SameSite=Strict cookie and tells who is signed in', async () => {
    const reply = await server.client.post(api`/session`, { username: 'admin', password: adminPassword });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ user: 'admin', role: 'admin', csrfToken: expect.any(String) });
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^wolfpack_session=[\w-]{30,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure'); // plain http on loopback
    const who = await admin.get(api`/session`);
    expect(who.body).toMatchObject({ user: 'admin', role: 'admin' });
  });

  it('answers an unknown user exactly as a wrong password: 401', async () => {
    const unknown = await server.client.post(api`/session`, { username: 'nobody', password: 'whatever password' });
    const wrong = await server.client.post(api`/session`, { username: 'admin', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body).toEqual({ error: 'unauthorized', message: 'wrong user name or password' });
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a cookie-authenticated change without the CSRF token (403), and allows it with it', async () => {
    const without = await admin.post(api`/groups`, { name: 'CSRF_GROUP' }, { withoutCsrf: true });
    expect(without.status).toBe(403);
    expect(without.body.error).toBe('forbidden');
    expect(without.body.message).toContain('x-csrf-token');
    const wrong = await admin.post(api`/groups`, { name: 'CSRF_GROUP' }, { withoutCsrf: true, headers: { 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);
    expect((await admin.get(api`/groups/${'CSRF_GROUP'}`)).status).toBe(404);
    expect((await admin.post(api`/groups`, { name: 'CSRF_GROUP' })).status).toBe(201);
    // Reads need no token.
    expect((await admin.get(api`/groups/${'CSRF_GROUP'}`, { withoutCsrf: true })).status).toBe(200);
  });

  it('logs out: the cookie stops working', async () => {
    const session = await server.client.login('admin', adminPassword);
    expect((await session.get(api`/cluster`)).status).toBe(200);
    expect((await session.delete(api`/session`)).status).toBe(204);
    const after = await session.get(api`/cluster`);
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('unauthorized');
  });

  it('keeps sessions in the store: another server, and a restarted one, know them', async () => {
    const session = await server.client.login('admin', adminPassword);
    const other = await startServer(storeDir);
    try {
      const elsewhere = new ApiClient(other.url, session.credentials);
      expect((await elsewhere.get(api`/session`)).body).toMatchObject({ user: 'admin' });
      expect((await elsewhere.post(api`/groups`, { name: 'SHARED_GROUP' })).status).toBe(201);
    } finally {
      await other.close();
    }
    const restarted = await startServer(storeDir);
    try {
      expect((await new ApiClient(restarted.url, session.credentials).get(api`/groups/${'SHARED_GROUP'}`)).status).toBe(200);
    } finally {
      await restarted.close();
    }
    // The store holds the session under the hash of its id, never the id itself.
    const id = (session.credentials as { cookie: string }).cookie.split('=')[1]!;
    const stored = await storeDir.store.range(keys.sessions);
    expect(stored.kvs.length).toBeGreaterThan(0);
    expect(stored.kvs.some((kv) => kv.key.includes(id) || kv.value.includes(id))).toBe(false);
  });

  it('API tokens: shown once, work without CSRF, stored hashed, refused once revoked', async () => {
    const created = await admin.post(api`/tokens`, { name: 'deploy script' });
    expect(created.status).toBe(201);
    const { token, id } = created.body as { token: string; id: string };
    expect(token).toMatch(/^wpk_[0-9a-f]{16}_[\w-]+$/);
    const script = admin.withToken(token);
    expect((await script.get(api`/session`)).body).toEqual({ user: 'admin', role: 'admin', csrfToken: '' });
    expect((await script.post(api`/groups`, { name: 'TOKEN_GROUP' })).status).toBe(201);

    const listed = await admin.get(api`/tokens`);
    expect(listed.body).toEqual([expect.objectContaining({ id, name: 'deploy script', username: 'admin' })]);
    expect(listed.text).not.toContain(token.split('_')[2]);
    const stored = await storeDir.store.get(keys.apiToken(id));
    expect(stored!.value).not.toContain(token.split('_')[2]);

    expect((await admin.delete(api`/tokens/${id}`)).status).toBe(204);
    const refused = await script.get(api`/cluster`);
    expect(refused.status).toBe(401);
    expect((await script.post(api`/groups`, { name: 'TOKEN_GROUP_2' })).status).toBe(401);
    expect((await server.client.get(api`/cluster`, { as: { kind: 'token', token: 'wpk_0123456789abcdef_notarealsecretatallnope' } })).status).toBe(401);
  });

  it('users: admin creates them with a role; the role counts at once; deleting ends their sessions', async () => {
    const created = await admin.post(api`/users`, { username: 'olivia', password: 'operator pass', role: 'operator' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ username: 'olivia', role: 'operator', createdAt: expect.any(Number), updatedAt: expect.any(Number) });
    expect(created.text).not.toContain('argon2');
    expect((await admin.get(api`/users`)).body.map((user: { username: string }) => user.username)).toEqual(['admin', 'olivia']);
    expect(String((await storeDir.store.get(keys.user('olivia')))!.value)).toMatch(/"passwordHash":"\$argon2id\$/);

    const olivia = await server.client.login('olivia', 'operator pass');
    expect((await olivia.get(api`/users`)).status).toBe(403);
    expect((await olivia.post(api`/groups`, { name: 'OLIVIA_GROUP' })).status).toBe(403);
    expect((await admin.patch(api`/users/${'olivia'}`, { role: 'admin' })).body.role).toBe('admin');
    expect((await olivia.post(api`/groups`, { name: 'OLIVIA_GROUP' })).status).toBe(201);

    expect((await admin.post(api`/users`, { username: 'olivia', password: 'another one', role: 'viewer' })).status).toBe(409);
    const bad = await admin.post(api`/users`, { username: 'bad name!', password: 'short', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['password', 'role', 'username']);

    expect((await admin.delete(api`/users/${'olivia'}`)).status).toBe(204);
    expect((await olivia.get(api`/cluster`)).status).toBe(401);
    expect((await admin.delete(api`/users/${'olivia'}`)).status).toBe(404);
  });

  it('keeps the last admin', async () => {
    const demote = await admin.patch(api`/users/${'admin'}`, { role: 'viewer' });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toContain('last admin');
    expect((await admin.delete(api`/users/${'admin'}`)).status).toBe(409);
  });

  it('changing a password ends that user\'s sessions; the new password works', async () => {
    await admin.post(api`/users`, { username: 'victor', password: 'viewer pass 1', role: 'viewer' });
    const victor = await server.client.login('victor', 'viewer pass 1');
    expect((await admin.patch(api`/users/${'victor'}`, { password: 'viewer pass 2' })).status).toBe(200);
    expect((await victor.get(api`/cluster`)).status).toBe(401);
    await expect(server.client.login('victor', 'viewer pass 1')).rejects.toThrow(/401/);
    expect((await (await server.client.login('victor', 'viewer pass 2')).get(api`/cluster`)).status).toBe(200);
  });

  it('audits sign-ins, refusals and user changes in the cluster event log', async () => {
    const events = await readEvents(storeDir.store, { limit: 1000 });
    const line = (event: { actor?: string; command?: string; result?: string; message: string }) => `${event.actor} ${event.command} ${event.result}: ${event.message}`;
    const lines = events.map(line);
    expect(lines).toContainEqual(expect.stringMatching(/^admin login ok: user admin signed in$/));
    expect(lines).toContainEqual(expect.stringMatching(/^nobody login refused: refused login: wrong user name or password$/));
    expect(lines).toContainEqual(expect.stringMatching(/^admin create-user ok: created user olivia \(role operator\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^olivia create-group refused: refused create-group OLIVIA_GROUP: user olivia \(role operator\) may not create-group/));
    expect(lines).toContainEqual(expect.stringMatching(/^admin create-group refused: refused create-group CSRF_GROUP: .*x-csrf-token/));
    expect(lines).toContainEqual(expect.stringMatching(/^anonymous@127\.0\.0\.1 create-group refused: refused create-group: sign in first/));
    expect(lines).toContainEqual(expect.stringMatching(/^admin delete-user ok: deleted user olivia/));
    expect(lines).toContainEqual(expect.stringMatching(/^admin revoke-token ok: revoked API token/));
    // The engine's own command events carry the user as actor.
    expect(lines).toContainEqual('admin create-group ok: created group TOKEN_GROUP');
  });

  it('rate-limits sign-in per address', async () => {
    const limited = await startServer(storeDir, { loginAttemptsPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        statuses.push((await limited.client.post(api`/session`, { username: 'admin', password: 'guessing away' }, { as: anonymous })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const refused = await limited.client.post(api`/session`, { username: 'admin', password: adminPassword });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'rate-limited', message: expect.stringContaining('too many attempts from 127.0.0.1') });
    } finally {
      await limited.close();
    }
  });
});
