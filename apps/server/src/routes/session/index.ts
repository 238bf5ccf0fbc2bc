import { CommandError, endpoints, signedInHintCookieName } from '@wolfpack/contracts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { sessionCookieName, userOf } from '../../plugins/app/auth.ts';
import {
  closeSession,
  closeSessionsOf,
  openSession,
  passwordMatches,
  readUser,
  renewSession,
  revokeTokensOf,
  spendVerificationTime,
  updateUser,
  type OpenedSession,
} from '../../users/index.ts';
import { endpointRoute } from '../endpoint-route.ts';

export interface SessionRouteOptions {
  /** Mark the cookie Secure (the server speaks TLS). */
  secureCookies: boolean;
  sessionTtlMs: number;
  /** Login attempts allowed per client address per minute. */
  loginAttemptsPerMinute: number;
}

/** Sign in (cookie), who am I, sign out, change your own password. */
export const sessionRoutes: FastifyPluginAsync<SessionRouteOptions> = async (app, options) => {
  const { store } = app.cluster;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: options.secureCookies } as const;
  const hintOptions = { ...cookieOptions, httpOnly: false } as const;
  const setSessionCookie = (reply: FastifyReply, session: OpenedSession) => {
    const maxAge = Math.floor((session.record.expiresAt - Date.now()) / 1000);
    reply.setCookie(sessionCookieName, session.id, { ...cookieOptions, maxAge });
    reply.setCookie(signedInHintCookieName, '1', { ...hintOptions, maxAge });
  };
  const clearSessionCookie = (reply: FastifyReply) => {
    reply.clearCookie(sessionCookieName, cookieOptions);
    reply.clearCookie(signedInHintCookieName, hintOptions);
  };

  endpointRoute(
    app,
    endpoints.session.login,
    async (request, reply) => {
      const { username, password } = request.body;
      noteAudit(request, { actor: username, object: { kind: 'user', name: username } });
      const user = await readUser(store, username);
      const matches = user
        ? await passwordMatches(user.record.passwordHash, password)
        : (await spendVerificationTime(password), false);
      // One answer for an unknown user and a wrong password: no probing for names.
      if (!user || !matches) throw new CommandError('unauthorized', 'wrong user name or password');
      // Written only if the user is unchanged since the check (a password change meanwhile refuses it).
      const session = await openSession(store, username, user.modRevision, options.sessionTtlMs);
      setSessionCookie(reply, session);
      noteAudit(request, { message: `user ${username} signed in` });
      return { user: username, role: user.record.role, csrfToken: session.record.csrfToken };
    },
    { config: { rateLimit: { max: options.loginAttemptsPerMinute, timeWindow: 60_000 } } },
  );

  endpointRoute(app, endpoints.session.get, async (request) => {
    const user = userOf(request);
    return { user: user.username, role: user.role, csrfToken: user.session?.csrfToken ?? '' };
  });

  endpointRoute(app, endpoints.session.logout, async (request, reply) => {
    const user = userOf(request);
    if (user.session) await closeSession(store, user.session.idHash);
    noteAudit(request, { object: { kind: 'user', name: user.username }, message: `user ${user.username} signed out` });
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  // Any role may change its own password, proving it knows the current one. The session
  // making the change stays signed in under a new id (a new cookie: a stolen copy of the
  // old one is out too); every other session ends and every API token is revoked (a token
  // making the change is revoked too): whoever had the old password is out.
  endpointRoute(
    app,
    endpoints.session.changePassword,
    async (request, reply) => {
      const user = userOf(request);
      noteAudit(request, { object: { kind: 'user', name: user.username } });
      const stored = await readUser(store, user.username);
      if (!stored || !(await passwordMatches(stored.record.passwordHash, request.body.currentPassword))) {
        const message = 'is not your current password';
        throw new CommandError('forbidden', `currentPassword ${message}: nothing was changed`, [
          { path: 'currentPassword', message },
        ]);
      }
      const changed = await updateUser(store, user.username, { password: request.body.newPassword });
      // The renewal compares the changed record: another change meanwhile leaves this session out too.
      const renewed = user.session
        ? await renewSession(store, user.session, changed.modRevision).catch(() => undefined)
        : undefined;
      if (renewed) setSessionCookie(reply, renewed);
      else if (user.session) clearSessionCookie(reply);
      const sessions = await closeSessionsOf(store, user.username, renewed?.record.idHash);
      const tokens = await revokeTokensOf(store, user.username);
      noteAudit(request, {
        message: `user ${user.username} changed their password (${sessions} other sessions ended, ${tokens} tokens revoked)`,
      });
      return reply.code(204).send(null);
    },
    { config: { rateLimit: { max: options.loginAttemptsPerMinute, timeWindow: 60_000 } } },
  );
};
