import type { SessionInfo } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { adminPassword, server, useSignedInServer } from './harness/signed-in-server.ts';

// The readable cookie that tells the console a session may exist (so an anonymous page
// load asks nothing and logs no 401): set with the session cookie, cleared with it, and
// worth nothing on its own.

/** Each Set-Cookie of a reply, by cookie name. */
function cookiesOf(headers: Headers): Map<string, string> {
  return new Map(headers.getSetCookie().map((header) => [header.split('=')[0]!, header]));
}

describe('the signed-in hint cookie', () => {
  useSignedInServer();

  it('comes with the session cookie, readable by scripts, for as long; logout clears both', async () => {
    const login = await server.anonymous.raw<SessionInfo>('POST', '/session', {
      body: { username: 'admin', password: adminPassword },
    });
    expect(login.status).toBe(200);
    const set = cookiesOf(login.headers);
    const session = set.get('wolfpack_session')!;
    const hint = set.get('wolfpack_signed_in')!;
    expect(session).toContain('HttpOnly');
    expect(hint).toMatch(/^wolfpack_signed_in=1;/);
    expect(hint).not.toContain('HttpOnly');
    expect(hint).toContain('SameSite=Strict');
    expect(/Max-Age=(\d+)/.exec(hint)?.[1]).toBe(/Max-Age=(\d+)/.exec(session)?.[1]);

    const cookie = `${session.split(';')[0]}; ${hint.split(';')[0]}`;
    const logout = await fetch(`${server.url}/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie, 'x-csrf-token': login.body.csrfToken },
    });
    expect(logout.status).toBe(204);
    const cleared = cookiesOf(logout.headers);
    for (const name of ['wolfpack_session', 'wolfpack_signed_in'])
      expect(cleared.get(name), name).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
  });

  it('alone, it signs nobody in', async () => {
    const reply = await fetch(`${server.url}/api/v1/session`, { headers: { cookie: 'wolfpack_signed_in=1' } });
    expect(reply.status).toBe(401);
  });
});
