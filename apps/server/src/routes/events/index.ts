import { endpoints, type ClusterEventRecord, type ObjectKind } from '@wolfpack/contracts';
import { readEvents } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';
import { plainJson } from '../shared.ts';

/** An event as a viewer or operator sees it: the admin-only detail left out. */
const withoutDetail = ({ detail: _detail, ...event }: ClusterEventRecord): ClusterEventRecord => event;

/**
 * GET /events?since=&limit=: the cluster event log, oldest first — commands with their
 * actor and result, state transitions, failovers. With `since` (a revision): the events
 * after it, for paging forward; without: the newest `limit`.
 */
export const eventRoutes: FastifyPluginAsync = async (app) => {
  endpointRoute(
    app,
    endpoints.events.list,
    async (request) => {
      const { since, limit, objectKind, objectName } = request.query;
      const object =
        objectKind !== undefined || objectName !== undefined
          ? { ...(objectKind ? { kind: objectKind as ObjectKind } : {}), ...(objectName ? { name: objectName } : {}) }
          : undefined;
      const events = await readEvents(app.cluster.store, {
        ...(since !== undefined ? { since } : {}),
        limit: limit ?? 100,
        ...(object ? { object } : {}),
      });
      return request.user?.role === 'admin' ? events : events.map(withoutDetail);
    },
    plainJson,
  );
};
