import { createClient } from '@wolfpack/client';
import { keys } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { malformed } from './harness/calls.ts';
import { refusal } from '@wolfpack/client/testing';
import { admin, server, storeDir, useSignedInServer } from './harness/signed-in-server.ts';
import { createToken } from '../src/users/index.ts';

// API tokens on a real store with the server built in this process: a token never mints
// credentials, tokens expire, and a user holds at most 20. Sign-in, sessions, users and a
// token's life (shown once, hashed, revoked) are session.test.ts's.

describe('API tokens: what they may do, their expiry and their cap', () => {
  useSignedInServer();

  it('a token may not mint a token (403), and nothing is created', async () => {
    const { token } = await admin.tokens.create({ name: 'minting script' });
    const script = createClient({ url: server.url, token });
    const before = (await admin.tokens.list()).length;
    const refused = await refusal(script.tokens.create({ name: 'minted' }));
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('an API token may not create API tokens');
    expect((await admin.tokens.list()).length).toBe(before);
    // It still works for everything else its user may do.
    expect(await script.session.get()).toMatchObject({ user: 'admin' });
  });

  it('an admin token may not create credentials: no user, no password set (403 naming the rule), nothing changed; a role change is fine', async () => {
    const { token, id } = await admin.tokens.create({ name: 'admin script' });
    const script = createClient({ url: server.url, token });
    const rule =
      /^an API token may not (create users|set passwords): credentials are created signed in with a password; sign in as admin with the password for that/;
    const created = await refusal(
      script.users.create({ username: 'minted_admin', password: 'minted pass 1', role: 'admin' }),
    );
    expect([created.status, created.code]).toEqual([403, 'forbidden']);
    expect(created.message).toMatch(rule);
    expect((await admin.users.list()).map((user) => user.username)).not.toContain('minted_admin');

    await admin.users.create({ username: 'tess', password: 'tess pass 1', role: 'viewer' });
    for (const username of ['tess', 'admin']) {
      const set = await refusal(script.users.update(username, { password: 'taken over 1' }));
      expect([set.status, set.message]).toEqual([403, expect.stringMatching(rule)]);
    }
    // Nothing changed: the old passwords still sign in, the token still works.
    expect(await (await server.signIn('tess', 'tess pass 1')).session.get()).toMatchObject({ user: 'tess' });
    expect((await refusal(server.signIn('admin', 'taken over 1'))).status).toBe(401);
    expect(await script.users.update('tess', { role: 'operator' })).toMatchObject({ role: 'operator' });
    await admin.users.delete('tess');
    await admin.tokens.revoke(id);
  });

  it('tokens expire: 90 days by default, or as asked (1 to 365); an expired one is 401', async () => {
    const day = 86_400_000;
    const plain = await admin.tokens.create({ name: 'default lifetime' });
    expect(plain.expiresAt - plain.createdAt).toBe(90 * day);
    const week = await admin.tokens.create({ name: 'a week', expiresInDays: 7 });
    expect(week.expiresAt - week.createdAt).toBe(7 * day);
    expect((await admin.tokens.list()).find((token) => token.id === week.id)?.expiresAt).toBe(week.expiresAt);
    for (const expiresInDays of [0, 366, 1.5]) {
      const bad = await refusal(admin.tokens.create(malformed({ name: 'bad lifetime', expiresInDays })));
      expect(bad.status).toBe(400);
      expect(bad.fields.map((field) => field.path)).toEqual(['expiresInDays']);
    }
    // Created (by the server's own function) a day and a second ago with a day's lifetime.
    const expired = await createToken(storeDir.store, 'admin', 'expired', 1, Date.now() - day - 1000);
    expect((await refusal(createClient({ url: server.url, token: expired.token }).cluster.get())).status).toBe(401);
    // A record from before tokens expired counts 90 days from its creation.
    const legacy = await createToken(storeDir.store, 'admin', 'legacy', 1);
    const stored = JSON.parse((await storeDir.store.get(keys.apiToken(legacy.id)))!.value) as Record<string, unknown>;
    delete stored.expiresAt;
    await storeDir.store.put(keys.apiToken(legacy.id), JSON.stringify({ ...stored, createdAt: Date.now() - 91 * day }));
    expect((await refusal(createClient({ url: server.url, token: legacy.token }).cluster.get())).status).toBe(401);
    for (const id of [plain.id, week.id, expired.id, legacy.id]) await admin.tokens.revoke(id).catch(() => undefined);
  });

  it('a user holds at most 20 unexpired tokens (409 naming the way out); expired ones do not count', async () => {
    await admin.users.create({ username: 'capped', password: 'capped pass 1', role: 'viewer' });
    const capped = await server.signIn('capped', 'capped pass 1');
    await createToken(storeDir.store, 'capped', 'long expired', 1, Date.now() - 3 * 86_400_000);
    for (let index = 0; index < 20; index++) await capped.tokens.create({ name: `token ${index}` });
    const refused = await refusal(capped.tokens.create({ name: 'one too many' }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/holds 20 API tokens, the most one user may: revoke one first/);
    const tokens = await capped.tokens.list();
    // The expired one was swept when the next was created.
    expect(tokens.map((token) => token.name)).not.toContain('long expired');
    expect(tokens).toHaveLength(20);
    await capped.tokens.revoke(tokens[0]!.id);
    expect(await capped.tokens.create({ name: 'after revoking one' })).toMatchObject({ name: 'after revoking one' });
  });

  it('creations at the same moment cannot pass the cap together: of 12 racing for the last 2 places, 2 are created', async () => {
    await admin.users.create({ username: 'racer', password: 'racer pass 1', role: 'viewer' });
    const racer = await server.signIn('racer', 'racer pass 1');
    for (let index = 0; index < 18; index++) await createToken(storeDir.store, 'racer', `token ${index}`);
    // The server's own function, called at once: HTTP requests arrive a parse apart, too far apart to race.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        createToken(storeDir.store, 'racer', `racing ${index}`).then(
          () => 'created',
          (error: Error) => error.message,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome !== 'created')).toEqual(
      Array<string>(10).fill(
        'user racer holds 20 API tokens, the most one user may: revoke one first (wolfpack token revoke <id>)',
      ),
    );
    expect(await racer.tokens.list()).toHaveLength(20);
    await admin.users.delete('racer');
  });
});
