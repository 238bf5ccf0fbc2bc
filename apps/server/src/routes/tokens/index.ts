import { Type } from '@sinclair/typebox';
import { ApiTokenView, CommandError, CreateApiTokenRequest, CreatedApiToken } from '@wolfpack/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { noteAudit } from '../../plugins/app/audit.ts';
import { userOf } from '../../plugins/app/auth.ts';
import { createToken, listTokens, readToken, revokeToken, tokenView } from '../../users/index.ts';
import { changeErrors, readErrors } from '../shared.ts';

const TokenParams = Type.Object({ id: ApiTokenView.properties.id });

/**
 * API tokens for scripts, each user's own (any role: a token acts with its user's role).
 * The token text is in the creation reply only. Admins may revoke anyone's.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['tokens'];
  const { store } = app.cluster;

  app.get('/tokens', { config: { access: 'viewer' }, schema: { tags, summary: 'Your API tokens', response: { 200: Type.Array(ApiTokenView), ...readErrors } } }, async (request) =>
    (await listTokens(store, userOf(request).username)).map(tokenView),
  );

  app.post(
    '/tokens',
    {
      config: { access: 'viewer', command: 'create-token', object: 'user' },
      schema: { tags, summary: 'Create an API token for yourself: shown once, stored hashed', body: CreateApiTokenRequest, response: { 201: CreatedApiToken, ...changeErrors } },
    },
    async (request, reply) => {
      const user = userOf(request);
      const created = await createToken(store, user.username, request.body.name);
      noteAudit(request, { object: { kind: 'user', name: user.username }, message: `created API token ${created.id} (${created.name}) for ${user.username}` });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'viewer', command: 'revoke-token', object: 'user' },
      schema: { tags, summary: 'Revoke an API token (yours; admins: anyone\'s)', params: TokenParams, response: { 204: Type.Null({ description: 'Revoked' }), ...changeErrors } },
    },
    async (request, reply) => {
      const user = userOf(request);
      const token = await readToken(store, request.params.id);
      // Someone else's token is as good as absent to a non-admin: ids are not to be probed.
      if (!token || (token.username !== user.username && user.role !== 'admin')) throw new CommandError('not-found', `API token ${request.params.id} does not exist`);
      await revokeToken(store, token.id);
      noteAudit(request, { object: { kind: 'user', name: token.username }, message: `revoked API token ${token.id} (${token.name}) of ${token.username}` });
      return reply.code(204).send(null);
    },
  );
};
