import { endpoints } from '@wolfpack/contracts';
import { resourceTypeView, resourceTypeViews } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { typeViewOptions } from '../../plugins/app/cluster.ts';
import { registerResourceType, unregisterResourceType } from '../../resource-types/index.ts';
import { endpointRoute } from '../endpoint-route.ts';
import { found, plainJson } from '../shared.ts';
import { panelRoutes } from './panels.ts';

/** Resource types: list and read (viewer); register and remove (admin); panel modules (panels.ts). */
export const resourceTypeRoutes: FastifyPluginAsync = async (app) => {
  const { resourceTypes } = endpoints;

  endpointRoute(app, resourceTypes.list, async () => resourceTypeViews(app.cluster.state(), app.cluster.catalog, typeViewOptions), plainJson);

  endpointRoute(app, resourceTypes.get, async (request) =>
    found(resourceTypeView(app.cluster.state(), app.cluster.catalog, request.params.name, typeViewOptions), 'resource type', request.params.name),
  );

  endpointRoute(app, resourceTypes.register, async (request, reply) => {
    const manifestName = (request.body.manifest as { name?: unknown } | null)?.name;
    noteAudit(request, { object: { kind: 'resourceType', name: typeof manifestName === 'string' ? manifestName : '' } });
    const { manifest, revision } = await registerResourceType(app.cluster.store, app.cluster.catalog, request.body);
    noteAudit(request, { message: `registered resource type ${manifest.name} ${manifest.version}${manifest.entryPoints.panel ? ' with a panel' : ''}` });
    const state = await app.cluster.stateAt(revision);
    const view = resourceTypeView(state, app.cluster.catalog, manifest.name, typeViewOptions);
    return reply.code(201).send(found(view, 'resource type', manifest.name));
  });

  endpointRoute(app, resourceTypes.unregister, async (request) => {
    const { name } = request.params;
    const revision = await unregisterResourceType(app.cluster.store, app.cluster.catalog, app.cluster.state(), name);
    const message = `removed resource type ${name}`;
    noteAudit(request, { message });
    await app.cluster.stateAt(revision);
    return { revision, message };
  });

  await app.register(panelRoutes);
};
