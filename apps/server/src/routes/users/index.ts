import { Type } from '@sinclair/typebox';
import { CreateUserRequest, UpdateUserRequest, Username, UserView } from '@wolfpack/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { noteAudit } from '../../plugins/app/audit.ts';
import { closeSessionsOf, createUser, deleteUser, listUsers, revokeTokensOf, updateUser, userView } from '../../users/index.ts';
import { changeErrors, readErrors } from '../shared.ts';

const UsernameParams = Type.Object({ username: Username });

/** Users (admin only): list, create, change role or password, delete. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  const { store } = app.cluster;

  app.get('/users', { config: { access: 'admin' }, schema: { tags, summary: 'Every user', response: { 200: Type.Array(UserView), ...readErrors } } }, async () =>
    (await listUsers(store)).map(userView),
  );

  app.post(
    '/users',
    {
      config: { access: 'admin', command: 'create-user', object: 'user' },
      schema: { tags, summary: 'Create a user with a role', body: CreateUserRequest, response: { 201: UserView, ...changeErrors } },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      noteAudit(request, { object: { kind: 'user', name: username } });
      const record = await createUser(store, username, password, role);
      noteAudit(request, { message: `created user ${username} (role ${role})` });
      return reply.code(201).send(userView(record));
    },
  );

  app.patch(
    '/users/:username',
    {
      config: { access: 'admin', command: 'update-user', object: 'user' },
      schema: { tags, summary: 'Change a user\'s role or password (a new password ends their sessions)', params: UsernameParams, body: UpdateUserRequest, response: { 200: UserView, ...changeErrors } },
    },
    async (request) => {
      const { username } = request.params;
      const record = await updateUser(store, username, request.body);
      if (request.body.password !== undefined) await closeSessionsOf(store, username);
      const changes = [...(request.body.role !== undefined ? [`role ${request.body.role}`] : []), ...(request.body.password !== undefined ? ['password'] : [])];
      noteAudit(request, { message: `changed user ${username}: ${changes.join(', ')}` });
      return userView(record);
    },
  );

  app.delete(
    '/users/:username',
    {
      config: { access: 'admin', command: 'delete-user', object: 'user' },
      schema: { tags, summary: 'Delete a user, their sessions and tokens', params: UsernameParams, response: { 204: Type.Null({ description: 'Deleted' }), ...changeErrors } },
    },
    async (request, reply) => {
      const { username } = request.params;
      await deleteUser(store, username);
      const sessions = await closeSessionsOf(store, username);
      const tokens = await revokeTokensOf(store, username);
      noteAudit(request, { message: `deleted user ${username} (${sessions} sessions ended, ${tokens} tokens revoked)` });
      return reply.code(204).send(null);
    },
  );
};
