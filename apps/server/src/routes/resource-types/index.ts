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

  endpointRoute(
    app,
    resourceTypes.list,
    async () => resourceTypeViews(app.cluster.state(), app.cluster.catalog, typeViewOptions),
    plainJson,
  );

  endpointRoute(app, resourceTypes.get, async (request) =>
    found(
      resourceTypeView(app.cluster.state(), app.cluster.catalog, request.params.name, typeViewOptions),
      'resource type',
      request.params.name,
    ),
  );

  endpointRoute(app, resourceTypes.register, async (request, reply) => {
    const manifestName = (request.body.manifest as { name?: unknown } | null)?.name;
    noteAudit(request, {
      object: { kind: 'resourceType', name: typeof manifestName === 'string' ? manifestName : '' },
    });
    const { record, revision, unchanged, replaced } = await registerResourceType(
      app.cluster.store,
      app.cluster.catalog,
      request.body,
    );
    const hashes = `engine sha256 ${record.sha256?.engine}${record.sha256?.panel ? `, panel sha256 ${record.sha256.panel}` : ''}`;
    const what = `resource type ${record.name} ${record.version}${replaced ? ` over ${replaced}` : ''}${record.entryPoints.panel ? ' with a panel' : ''}`;
    noteAudit(request, {
      message: unchanged ? `registered ${what} again, unchanged (${hashes})` : `registered ${what} (${hashes})`,
      ...(record.sha256 ? { sha256: record.sha256 } : {}),
    });
    const state = await app.cluster.stateAt(revision);
    const view = resourceTypeView(state, app.cluster.catalog, record.name, typeViewOptions);
    return reply.code(201).send(found(view, 'resource type', record.name));
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
