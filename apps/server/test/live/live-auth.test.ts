import { createClient } from '@wolfpack/client';
import { describe, expect, it } from 'vitest';
import { createToken } from '../../src/users/index.ts';
import { startServer } from '../harness/in-process.ts';
import { LiveClient } from './live-client.ts';
import {
  admin,
  adminPassword,
  clients,
  feeds,
  freshUser,
  server,
  storeDir,
  useLiveAuthTestbed,
  userPassword,
  watch,
  type Watched,
} from './live-auth-testbed.ts';

/*
 * /live on the whole server (real sign-in, sessions and tokens in a real store): a
 * connection lives no longer than what let it in (what gets in, and how often:
 * live-admission.test.ts). Bounds are loose (the machine is shared); the rule under test
 * is "within 1 s", and each test says what it measured.
 */

useLiveAuthTestbed();

/** How long after `from` the socket was disconnected; fails past `limitMs`. */
async function disconnectedWithin(watched: Watched, from: number, limitMs: number): Promise<number> {
  const wait = Math.max(0, from - Date.now()) + limitMs + 2000;
  const timeout = new Promise<number>((_, reject) =>
    setTimeout(() => reject(new Error(`still connected ${limitMs + 2000} ms after the moment`)), wait),
  );
  return (await Promise.race([watched.disconnected, timeout])) - from;
}

describe('a live connection follows its session or token', () => {
  it('logout disconnects an open socket within 1 s, saying why', async () => {
    const { client } = await freshUser();
    const watched = await watch({ cookie: client.cookie! });
    const started = Date.now();
    await client.session.logout();
    const elapsed = await disconnectedWithin(watched, started, 1000);
    expect(elapsed).toBeLessThan(1000);
    expect(watched.revoked).toEqual([
      { reason: 'signed-out', message: expect.stringContaining('sign in again'), reconnect: false },
    ]);
  });

  it('a session expiring disconnects its socket within 1 s of the expiry', async () => {
    const shortLived = await startServer(storeDir, { sessionTtlMs: 2000 });
    try {
      const session = await shortLived.signIn('admin', adminPassword);
      const watched = await watch({ cookie: session.cookie!, url: shortLived.url });
      const expiry = Date.now() + 2000; // at most this: the session was opened before
      const elapsed = await disconnectedWithin(watched, expiry, 1000);
      expect(elapsed).toBeLessThan(1000);
      expect(watched.revoked.map((revoked) => revoked.reason)).toEqual(['expired']);
    } finally {
      await shortLived.close();
    }
  });

  it("a password change disconnects the user's sessions and tokens within 1 s; the feed says it is unauthorized and stops", async () => {
    const { username, client } = await freshUser();
    const { token } = await client.tokens.create({ name: 'follower' });
    const bySession = await watch({ cookie: client.cookie! });
    const byToken = await watch({ token });
    const feed = await createClient({ url: server.url, token }).live();
    feeds.push(feed);
    await feed.ready(10_000);
    const started = Date.now();
    await admin.users.update(username, { password: 'user password 2' });
    expect(await disconnectedWithin(bySession, started, 1000)).toBeLessThan(1000);
    expect(await disconnectedWithin(byToken, started, 1000)).toBeLessThan(1000);
    expect(bySession.revoked.map((revoked) => revoked.reason)).toEqual(['signed-out']);
    expect(byToken.revoked.map((revoked) => revoked.reason)).toEqual(['token-revoked']);
    await expect(feed.until(() => false, 5000)).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message: expect.stringContaining('was revoked'),
    });
    expect(feed.status).toBe('unauthorized');
  });

  it('the session that changed its password is told to connect again (its new cookie is let in, the old one not)', async () => {
    const { client } = await freshUser();
    const oldCookie = client.cookie!;
    const own = await watch({ cookie: oldCookie });
    const started = Date.now();
    await client.session.changePassword({ currentPassword: userPassword, newPassword: 'user password 2' });
    expect(await disconnectedWithin(own, started, 1000)).toBeLessThan(1000);
    expect(own.revoked).toEqual([
      {
        reason: 'signed-out',
        reconnect: true,
        message: expect.stringMatching(/has a new id since the password change: connect again$/),
      },
    ]);
    expect(client.cookie).not.toBe(oldCookie);
    expect((await watch({ cookie: client.cookie! })).live.hasSnapshot).toBe(true);
    const stale = new LiveClient(server.url, { token: '', extraHeaders: { cookie: oldCookie } });
    clients.push(stale);
    await expect(stale.connect()).rejects.toThrow();
  });

  it('deleting the user disconnects within 1 s', async () => {
    const { username, client } = await freshUser();
    const watched = await watch({ cookie: client.cookie! });
    const started = Date.now();
    await admin.users.delete(username);
    expect(await disconnectedWithin(watched, started, 1000)).toBeLessThan(1000);
    // Its session went with it, in some order: either is the honest reason.
    expect(watched.revoked.map((revoked) => revoked.reason)).toEqual([
      expect.stringMatching(/^(user-deleted|signed-out)$/),
    ]);
  });

  it('a role change disconnects within 1 s and asks to reconnect; the feed follows again with the new role', async () => {
    const { username, client } = await freshUser('operator');
    const watched = await watch({ cookie: client.cookie! });
    const feed = await createClient({ url: server.url, cookie: client.cookie!, csrfToken: client.csrfToken! }).live();
    feeds.push(feed);
    await feed.ready(10_000);
    const statuses: string[] = [];
    feed.onStatus((status) => statuses.push(status));
    const started = Date.now();
    await admin.users.update(username, { role: 'viewer' });
    expect(await disconnectedWithin(watched, started, 1000)).toBeLessThan(1000);
    expect(watched.revoked).toEqual([
      { reason: 'role-changed', message: expect.stringContaining('from operator to viewer'), reconnect: true },
    ]);
    const deadline = Date.now() + 10_000;
    while (!(statuses.includes('disconnected') && feed.status === 'connected') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statuses).toEqual(['disconnected', 'connected']);
    // The new connection is the new role's, and it stays.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(feed.status).toBe('connected');
  });

  it('a token revoked or expiring disconnects within 1 s', async () => {
    const { username, client } = await freshUser();
    const revokedToken = await client.tokens.create({ name: 'to revoke' });
    const revokedWatch = await watch({ token: revokedToken.token });
    const started = Date.now();
    await client.tokens.revoke(revokedToken.id);
    expect(await disconnectedWithin(revokedWatch, started, 1000)).toBeLessThan(1000);
    expect(revokedWatch.revoked.map((revoked) => revoked.reason)).toEqual(['token-revoked']);

    // A one-day token created a day minus 3 s ago: it expires 3 s from now.
    const expiresIn = 3000;
    const expiring = await createToken(storeDir.store, username, 'expiring', 1, Date.now() - 86_400_000 + expiresIn);
    const expiringWatch = await watch({ token: expiring.token });
    const elapsed = await disconnectedWithin(expiringWatch, expiring.expiresAt, 1000);
    expect(elapsed).toBeLessThan(1000);
    expect(expiringWatch.revoked.map((revoked) => revoked.reason)).toEqual(['expired']);
    // And a new handshake with it is refused.
    await expect(new LiveClient(server.url, { token: expiring.token }).connect()).rejects.toMatchObject({
      data: { error: 'unauthorized' },
    });
  });
});
