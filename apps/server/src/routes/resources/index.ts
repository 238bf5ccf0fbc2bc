import { endpoints } from '@wolfpack/contracts';
import { resourceView } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';
import { found, plainJson, runCommand } from '../shared.ts';
import { controlRoutes } from './control.ts';

/**
 * Resources: list, read, create, change, delete, rename, dependencies (admin); online,
 * offline, Initiate Failure (operator); control codes (see control.ts).
 */
export const resourceRoutes: FastifyPluginAsync = async (app) => {
  const { resources } = endpoints;
  const view = (state: Parameters<typeof resourceView>[0], name: string) =>
    found(resourceView(state, name, app.cluster.catalog), 'resource', name);

  endpointRoute(
    app,
    resources.list,
    async () =>
      app.cluster.list(
        (state) => state.resources.keys(),
        (state, name) => resourceView(state, name, app.cluster.catalog),
      ),
    plainJson,
  );

  // A resource's own token reads its writeOnly values too: it runs with them anyway.
  endpointRoute(app, resources.get, async (request) => {
    const revealWriteOnly = request.resourcePrincipal?.resource === request.params.name;
    return found(
      resourceView(app.cluster.state(), request.params.name, app.cluster.catalog, { revealWriteOnly }),
      'resource',
      request.params.name,
    );
  });

  endpointRoute(app, resources.create, async (request, reply) => {
    const { state } = await runCommand(request, { type: resources.create.command, ...request.body });
    return reply.code(201).send(view(state, request.body.name));
  });

  for (const endpoint of [resources.update, resources.setProperties]) {
    endpointRoute(app, endpoint, async (request) => {
      const { state } = await runCommand(request, {
        type: endpoint.command,
        name: request.params.name,
        ...request.body,
      });
      return view(state, request.params.name);
    });
  }

  endpointRoute(app, resources.delete, async (request) => {
    const { result } = await runCommand(request, { type: resources.delete.command, name: request.params.name });
    return { revision: result.revision, message: result.message };
  });

  endpointRoute(app, resources.rename, async (request) => {
    const { state } = await runCommand(request, {
      type: resources.rename.command,
      name: request.params.name,
      newName: request.body.newName,
    });
    return view(state, request.body.newName);
  });

  for (const endpoint of [resources.addDependency, resources.removeDependency]) {
    endpointRoute(app, endpoint, async (request) => {
      const { name, provider } = request.params;
      const { state } = await runCommand(request, { type: endpoint.command, name, provider });
      return view(state, name);
    });
  }

  for (const endpoint of [resources.online, resources.offline, resources.fail]) {
    endpointRoute(app, endpoint, async (request, reply) => {
      const { result } = await runCommand(request, { type: endpoint.command, name: request.params.name });
      return reply.code(202).send({ revision: result.revision, message: result.message });
    });
  }

  await app.register(controlRoutes);
};
