import { ClusterProperties, ClusterSnapshot, CommandError, SetClusterProperties } from '@wolfpack/contracts';
import type { ClusterState } from '@wolfpack/engine';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeErrors, plainJson, readErrors, runCommand } from '../shared.ts';

/** The cluster record, or a 404 saying the cluster was never created. */
function propertiesOf(state: ClusterState): ClusterProperties {
  if (!state.config) throw new CommandError('not-found', 'the store holds no cluster yet: its record is written when the cluster is first started');
  return state.config;
}

/**
 * GET /cluster: every node, group, resource and type at one revision (the live snapshot's
 * shape). GET /cluster/properties and PATCH /cluster: the cluster's own record (Cluster
 * Properties): description, node lease TTL, where its DNS responder listens.
 */
export const clusterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['cluster'];
  app.get(
    '/cluster',
    {
      config: { access: 'viewer' },
      ...plainJson,
      schema: { tags, summary: 'The whole cluster at one revision', response: { 200: ClusterSnapshot, ...readErrors } },
    },
    async () => app.cluster.snapshot(),
  );

  app.get(
    '/cluster/properties',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'The cluster\'s own properties: name, description, node lease TTL, DNS address and port', response: { 200: ClusterProperties, ...readErrors } },
    },
    async () => propertiesOf(app.cluster.state()),
  );

  app.patch(
    '/cluster',
    {
      config: { access: 'admin', command: 'set-cluster-properties', object: 'cluster' },
      schema: {
        tags,
        summary: 'Change the cluster\'s description, node lease TTL, DNS address or DNS port',
        description:
          'The DNS responder moves to a new dnsAddress/dnsPort at once. A new nodeLeaseTtlMs applies to each node when its ' +
          'wolfpackd next starts: running nodes keep the lease they joined with (on etcd, TTLs are rounded up to whole seconds).',
        body: Type.Omit(SetClusterProperties, ['type']),
        response: { 200: ClusterProperties, ...changeErrors },
      },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'set-cluster-properties', ...request.body });
      return propertiesOf(state);
    },
  );
};
