import { Type } from '@sinclair/typebox';
import { ClusterEventRecord, EventsQuery, type ObjectKind } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { plainJson, readErrors } from '../shared.ts';

/**
 * GET /events?since=&limit=: the cluster event log, oldest first — commands with their
 * actor and result, state transitions, failovers. With `since` (a revision): the events
 * after it, for paging forward; without: the newest `limit`.
 */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/events',
    {
      config: { access: 'viewer' },
      ...plainJson,
      schema: { tags: ['events'], summary: 'The cluster event log', querystring: EventsQuery, response: { 200: Type.Array(ClusterEventRecord), ...readErrors } },
    },
    async (request) => {
      const { since, limit, objectKind, objectName } = request.query;
      const object = objectKind !== undefined || objectName !== undefined ? { ...(objectKind ? { kind: objectKind as ObjectKind } : {}), ...(objectName ? { name: objectName } : {}) } : undefined;
      return readEvents(app.cluster.store, { ...(since !== undefined ? { since } : {}), limit: limit ?? 100, ...(object ? { object } : {}) });
    },
  );
};
