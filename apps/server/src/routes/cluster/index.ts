import { ClusterSnapshot } from '@wolfpack/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { plainJson, readErrors } from '../shared.ts';

/** GET /cluster: every node, group, resource and type at one revision (the live snapshot's shape). */
export const clusterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/cluster',
    {
      config: { access: 'viewer' },
      ...plainJson,
      schema: { tags: ['cluster'], summary: 'The whole cluster at one revision', response: { 200: ClusterSnapshot, ...readErrors } },
    },
    async () => app.cluster.snapshot(),
  );
};
