import type { FastifyPluginAsync } from 'fastify';
import { clusterRoutes } from './cluster/index.ts';
import { docsRoutes } from './docs/index.ts';
import { eventRoutes } from './events/index.ts';
import { groupRoutes } from './groups/index.ts';
import { healthRoutes } from './health/index.ts';
import { nodeRoutes } from './nodes/index.ts';
import { resourceTypeRoutes } from './resource-types/index.ts';
import { resourceRoutes } from './resources/index.ts';
import { sessionRoutes, type SessionRouteOptions } from './session/index.ts';
import { tokenRoutes } from './tokens/index.ts';
import { userRoutes } from './users/index.ts';

/**
 * Every REST route of API v1 (mounted at /api/v1), one folder per resource, each route
 * registered from its entry in the contracts' endpoint table (test/endpoint-table.test.ts
 * checks that the two match).
 */
export const apiRoutes: FastifyPluginAsync<SessionRouteOptions> = async (app, options) => {
  await app.register(healthRoutes);
  const { secureCookies, sessionTtlMs, loginAttemptsPerMinute } = options;
  await app.register(sessionRoutes, { secureCookies, sessionTtlMs, loginAttemptsPerMinute });
  await app.register(clusterRoutes);
  await app.register(nodeRoutes);
  await app.register(groupRoutes);
  await app.register(resourceRoutes);
  await app.register(resourceTypeRoutes);
  await app.register(eventRoutes);
  await app.register(userRoutes);
  await app.register(tokenRoutes);
  await app.register(docsRoutes);
};

export type { SessionRouteOptions };
