import { CommandError, endpoints, type ClusterProperties } from '@wolfpack/contracts';
import type { ClusterState } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';
import { plainJson, runCommand } from '../shared.ts';

/** The cluster record, or a 404 saying the cluster was never created. */
function propertiesOf(state: ClusterState): ClusterProperties {
  if (!state.config)
    throw new CommandError(
      'not-found',
      'the store holds no cluster yet: its record is written when the cluster is first started',
    );
  return state.config;
}

/**
 * GET /cluster: every node, group, resource and type at one revision (the live snapshot's
 * shape). GET /cluster/properties and PATCH /cluster: the cluster's own record (Cluster
 * Properties): description, node lease TTL, where its DNS responder listens.
 */
export const clusterRoutes: FastifyPluginAsync = async (app) => {
  const { cluster } = endpoints;

  endpointRoute(app, cluster.get, async () => app.cluster.snapshot(), plainJson);

  endpointRoute(app, cluster.properties, async () => propertiesOf(app.cluster.state()));

  endpointRoute(app, cluster.update, async (request) => {
    const { state } = await runCommand(request, { type: 'set-cluster-properties', ...request.body });
    return propertiesOf(state);
  });
};
