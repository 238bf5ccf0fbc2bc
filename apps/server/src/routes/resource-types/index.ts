import { Type } from '@sinclair/typebox';
import { CommandAccepted, NameParams, RegisterResourceTypeRequest, ResourceTypeView } from '@wolfpack/contracts';
import { resourceTypeView, resourceTypeViews } from '@wolfpack/engine';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { noteAudit } from '../../plugins/app/audit.ts';
import { typeViewOptions } from '../../plugins/app/cluster.ts';
import { registerResourceType, unregisterResourceType } from '../../resource-types/index.ts';
import { changeErrors, found, plainJson, readErrors } from '../shared.ts';
import { panelRoutes } from './panels.ts';

/** Resource types: list and read (viewer); register and remove (admin); panel modules (panels.ts). */
export const resourceTypeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['resource types'];

  app.get(
    '/resource-types',
    { config: { access: 'viewer' }, ...plainJson, schema: { tags, summary: 'Every resource type: manifest, property schema, panel module URL', response: { 200: Type.Array(ResourceTypeView), ...readErrors } } },
    async () => resourceTypeViews(app.cluster.state(), app.cluster.catalog, typeViewOptions),
  );

  app.get(
    '/resource-types/:name',
    { config: { access: 'viewer' }, schema: { tags, summary: 'One resource type', params: NameParams, response: { 200: ResourceTypeView, ...readErrors } } },
    async (request) => found(resourceTypeView(app.cluster.state(), app.cluster.catalog, request.params.name, typeViewOptions), 'resource type', request.params.name),
  );

  app.post(
    '/resource-types',
    {
      config: { access: 'admin', command: 'register-resource-type', object: 'resourceType' },
      // Module texts may be up to 4 MB each.
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Register a built type package: manifest, engine module, optional panel module (each one ES module file)',
        body: RegisterResourceTypeRequest,
        response: { 201: ResourceTypeView, ...changeErrors },
      },
    },
    async (request, reply) => {
      const manifestName = (request.body.manifest as { name?: unknown } | null)?.name;
      noteAudit(request, { object: { kind: 'resourceType', name: typeof manifestName === 'string' ? manifestName : '' } });
      const { manifest, revision } = await registerResourceType(app.cluster.store, app.cluster.catalog, request.body);
      noteAudit(request, { message: `registered resource type ${manifest.name} ${manifest.version}${manifest.entryPoints.panel ? ' with a panel' : ''}` });
      const state = await app.cluster.stateAt(revision);
      const view = resourceTypeView(state, app.cluster.catalog, manifest.name, typeViewOptions);
      return reply.code(201).send(found(view, 'resource type', manifest.name));
    },
  );

  app.delete(
    '/resource-types/:name',
    {
      config: { access: 'admin', command: 'unregister-resource-type', object: 'resourceType' },
      schema: { tags, summary: 'Remove a registered type no resource uses', params: NameParams, response: { 200: CommandAccepted, ...changeErrors } },
    },
    async (request) => {
      const { name } = request.params;
      const revision = await unregisterResourceType(app.cluster.store, app.cluster.catalog, app.cluster.state(), name);
      const message = `removed resource type ${name}`;
      noteAudit(request, { message });
      await app.cluster.stateAt(revision);
      return { revision, message };
    },
  );

  await app.register(panelRoutes);
};
