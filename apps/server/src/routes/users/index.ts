import { endpoints } from '@wolfpack/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { requirePasswordSignIn, userOf } from '../../plugins/app/auth.ts';
import {
  closeSessionsOf,
  createUser,
  deleteUser,
  listUsers,
  revokeTokensOf,
  updateUser,
  userView,
} from '../../users/index.ts';
import { endpointRoute } from '../endpoint-route.ts';

/**
 * Users (admin only): list, create, change role or password, delete. Creating a user or
 * setting a password makes a credential: not with an API token (requirePasswordSignIn).
 */
export const userRoutes: FastifyPluginAsync = async (app) => {
  const { users } = endpoints;
  const { store } = app.cluster;

  endpointRoute(app, users.list, async () => (await listUsers(store)).map(userView));

  endpointRoute(app, users.create, async (request, reply) => {
    const { username, password, role } = request.body;
    noteAudit(request, { object: { kind: 'user', name: username } });
    requirePasswordSignIn(userOf(request), 'create users');
    const record = await createUser(store, username, password, role);
    noteAudit(request, { message: `created user ${username} (role ${role})` });
    return reply.code(201).send(userView(record));
  });

  endpointRoute(app, users.update, async (request) => {
    const { username } = request.params;
    if (request.body.password !== undefined) requirePasswordSignIn(userOf(request), 'set passwords');
    const { record } = await updateUser(store, username, request.body);
    if (request.body.password !== undefined) {
      await closeSessionsOf(store, username);
      await revokeTokensOf(store, username);
    }
    const changes = [
      ...(request.body.role !== undefined ? [`role ${request.body.role}`] : []),
      ...(request.body.password !== undefined ? ['password'] : []),
    ];
    noteAudit(request, { message: `changed user ${username}: ${changes.join(', ')}` });
    return userView(record);
  });

  endpointRoute(app, users.delete, async (request, reply) => {
    const { username } = request.params;
    await deleteUser(store, username);
    const sessions = await closeSessionsOf(store, username);
    const tokens = await revokeTokensOf(store, username);
    noteAudit(request, { message: `deleted user ${username} (${sessions} sessions ended, ${tokens} tokens revoked)` });
    return reply.code(204).send(null);
  });
};
