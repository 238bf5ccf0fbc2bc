import { endpoints } from '@wolfpack/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';

/**
 * GET /openapi.json: the OpenAPI document @fastify/swagger generates from the routes
 * (left out of itself). The browsable page under /docs is swagger-ui's own.
 */
export const docsRoutes: FastifyPluginAsync = async (app) => {
  endpointRoute(app, endpoints.docs.openapi, async () => app.swagger());
};
