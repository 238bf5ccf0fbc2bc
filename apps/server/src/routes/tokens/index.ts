import { CommandError, endpoints } from '@wolfpack/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { requirePasswordSignIn, userOf } from '../../plugins/app/auth.ts';
import { createToken, listTokens, readToken, revokeToken, tokenView } from '../../users/index.ts';
import { endpointRoute } from '../endpoint-route.ts';

/**
 * API tokens for scripts, each user's own (any role: a token acts with its user's role).
 * The token text is in the creation reply only. Admins may revoke anyone's. A token may
 * not create tokens: one leaked token must not be able to outlive its own revocation or
 * expiry through the tokens it minted.
 */
export const tokenRoutes: FastifyPluginAsync = async (app) => {
  const { tokens } = endpoints;
  const { store } = app.cluster;

  endpointRoute(app, tokens.list, async (request) =>
    (await listTokens(store, userOf(request).username)).map(tokenView),
  );

  endpointRoute(app, tokens.create, async (request, reply) => {
    const user = userOf(request);
    requirePasswordSignIn(user, 'create API tokens');
    const created = await createToken(
      store,
      user.username,
      request.body.name,
      request.body.expiresInDays,
      Date.now(),
      user.userRevision,
    );
    noteAudit(request, {
      object: { kind: 'user', name: user.username },
      message: `created API token ${created.id} (${created.name}) for ${user.username}`,
    });
    return reply.code(201).send(created);
  });

  endpointRoute(app, tokens.revoke, async (request, reply) => {
    const user = userOf(request);
    const token = await readToken(store, request.params.id);
    // Someone else's token is as good as absent to a non-admin: ids are not to be probed.
    if (!token || (token.username !== user.username && user.role !== 'admin'))
      throw new CommandError('not-found', `API token ${request.params.id} does not exist`);
    await revokeToken(store, token.id);
    noteAudit(request, {
      object: { kind: 'user', name: token.username },
      message: `revoked API token ${token.id} (${token.name}) of ${token.username}`,
    });
    return reply.code(204).send(null);
  });
};
