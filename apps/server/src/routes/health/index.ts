import { endpoints } from '@wolfpack/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';

/** GET /health: no sign-in; load balancers and `npm start` ask it. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  endpointRoute(app, endpoints.health.get, async (_request, reply) => {
    const { cluster } = app;
    try {
      const revision = await cluster.store.revision();
      return reply
        .code(cluster.healthy() ? 200 : 503)
        .send({ status: cluster.healthy() ? 'ok' : 'degraded', revision });
    } catch {
      return reply.code(503).send({ status: 'degraded', revision: cluster.state().revision });
    }
  });
};
