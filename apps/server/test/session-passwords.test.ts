import { createClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import { keys } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import {
  closeSessionsOf,
  createToken,
  listTokens,
  openSession,
  readUser,
  revokeTokensOf,
  updateUser,
} from '../src/users/index.ts';
import { malformed } from './harness/calls.ts';
import { admin, server, storeDir, useSignedInServer } from './harness/signed-in-server.ts';

// Password changes, on a real store with the server built in this process: by an admin or
// by the user, what they end (sessions, API tokens) and what they keep, and a sign-in racing
// one. Sign-in, sessions, CSRF, tokens and users otherwise are session.test.ts's.

describe('sessions, tokens and users', () => {
  useSignedInServer();

  it("changing a password ends that user's sessions; the new password works", async () => {
    await admin.users.create({ username: 'victor', password: 'viewer pass 1', role: 'viewer' });
    const victor = await server.signIn('victor', 'viewer pass 1');
    expect(await admin.users.update('victor', { password: 'viewer pass 2' })).toMatchObject({ username: 'victor' });
    expect((await refusal(victor.cluster.get())).status).toBe(401);
    expect((await refusal(server.signIn('victor', 'viewer pass 1'))).status).toBe(401);
    expect(await (await server.signIn('victor', 'viewer pass 2')).cluster.get()).toMatchObject({
      name: expect.any(String),
    });
  });

  it('any user changes their own password: the current one is checked; other sessions end, tokens are revoked, this session stays', async () => {
    await admin.users.create({ username: 'wanda', password: 'wanda pass 1', role: 'viewer' });
    const wanda = await server.signIn('wanda', 'wanda pass 1');
    const elsewhere = await server.signIn('wanda', 'wanda pass 1');
    const { token } = await wanda.tokens.create({ name: 'wanda script' });
    const script = createClient({ url: server.url, token });

    const wrong = await refusal(
      wanda.session.changePassword({ currentPassword: 'not it at all', newPassword: 'wanda pass 2' }),
    );
    expect(wrong.status).toBe(403);
    expect(wrong.fields).toEqual([{ path: 'currentPassword', message: 'is not your current password' }]);
    expect(await script.session.get()).toMatchObject({ user: 'wanda' }); // nothing changed
    const short = await refusal(
      wanda.session.changePassword(malformed({ currentPassword: 'wanda pass 1', newPassword: 'short' })),
    );
    expect(short.status).toBe(400);
    expect(short.fields.map((field) => field.path)).toEqual(['newPassword']);

    const oldCookie = wanda.cookie!;
    await wanda.session.changePassword({ currentPassword: 'wanda pass 1', newPassword: 'wanda pass 2' });
    // This session goes on under a new id (its CSRF token kept); a copy of the old cookie is out.
    // (With the readable hint that a session exists, which grants nothing.)
    expect(wanda.cookie).toMatch(/^wolfpack_session=[\w-]{30,}; wolfpack_signed_in=1$/);
    expect(wanda.cookie).not.toBe(oldCookie);
    expect(await wanda.session.get()).toMatchObject({ user: 'wanda' });
    expect((await refusal(createClient({ url: server.url, cookie: oldCookie }).session.get())).status).toBe(401);
    const afterChange = await wanda.tokens.create({ name: 'made after the change' });
    await wanda.tokens.revoke(afterChange.id);
    expect((await refusal(elsewhere.cluster.get())).status).toBe(401);
    expect((await refusal(script.cluster.get())).status).toBe(401);
    expect(await wanda.tokens.list()).toEqual([]);
    expect((await refusal(server.signIn('wanda', 'wanda pass 1'))).status).toBe(401);
    expect(await (await server.signIn('wanda', 'wanda pass 2')).session.get()).toMatchObject({ user: 'wanda' });
  });

  it('a sign-in or token creation authenticated before a password change cannot write after its sweep', async () => {
    await admin.users.create({ username: 'ingrid', password: 'ingrid pass 1', role: 'viewer' });
    // The server's own steps, interleaved by hand: a sign-in reads the user and checks the
    // old password (and a POST /tokens is authenticated) ...
    const checked = (await readUser(storeDir.store, 'ingrid'))!;
    // ... then the password changes and the user's sessions and tokens are swept ...
    await updateUser(storeDir.store, 'ingrid', { password: 'ingrid pass 2' });
    await closeSessionsOf(storeDir.store, 'ingrid');
    await revokeTokensOf(storeDir.store, 'ingrid');
    // ... then the sign-in opens its session and the request writes its token: both refused.
    await expect(openSession(storeDir.store, 'ingrid', checked.modRevision)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^user ingrid was changed while signing in.*sign in again$/),
    });
    await expect(
      createToken(storeDir.store, 'ingrid', 'late', 90, Date.now(), checked.modRevision),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^user ingrid was changed since this request was authenticated/),
    });
    const sessions = (await storeDir.store.range(keys.sessions)).kvs.filter(
      (kv) => (JSON.parse(kv.value) as { username: string }).username === 'ingrid',
    );
    expect(sessions).toEqual([]);
    expect(await listTokens(storeDir.store, 'ingrid')).toEqual([]);
    // Read again, the user signs in with the new password as ever.
    expect(await (await server.signIn('ingrid', 'ingrid pass 2')).session.get()).toMatchObject({ user: 'ingrid' });
    await admin.users.delete('ingrid');
  });

  it("an admin setting a password revokes that user's tokens too", async () => {
    await admin.users.create({ username: 'tobias', password: 'tobias pass 1', role: 'operator' });
    const { token } = await (await server.signIn('tobias', 'tobias pass 1')).tokens.create({ name: 'tobias script' });
    const script = createClient({ url: server.url, token });
    expect(await script.session.get()).toMatchObject({ user: 'tobias' });
    await admin.users.update('tobias', { password: 'tobias pass 2' });
    expect((await refusal(script.cluster.get())).status).toBe(401);
  });
});
