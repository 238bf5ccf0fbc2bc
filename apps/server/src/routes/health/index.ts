import { Health } from '@wolfpack/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** GET /health: no sign-in; load balancers and `npm start` ask it. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Is the server working, and at which store revision',
        security: [],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const { cluster } = app;
      try {
        const revision = await cluster.store.revision();
        return reply.code(cluster.healthy() ? 200 : 503).send({ status: cluster.healthy() ? 'ok' : 'degraded', revision });
      } catch {
        return reply.code(503).send({ status: 'degraded', revision: cluster.state().revision });
      }
    },
  );
};
