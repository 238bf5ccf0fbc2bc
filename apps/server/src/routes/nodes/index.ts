import { endpoints } from '@wolfpack/contracts';
import { nodeView } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { endpointRoute } from '../endpoint-route.ts';
import { found, plainJson, runCommand } from '../shared.ts';

/** Nodes: list, read, create, delete, rename (admin); pause and resume (operator). */
export const nodeRoutes: FastifyPluginAsync = async (app) => {
  const { nodes } = endpoints;
  const view = (state: Parameters<typeof nodeView>[0], name: string) => found(nodeView(state, name), 'node', name);

  endpointRoute(app, nodes.list, async () => app.cluster.list((state) => state.nodes.keys(), nodeView), plainJson);

  endpointRoute(app, nodes.get, async (request) => view(app.cluster.state(), request.params.name));

  endpointRoute(app, nodes.create, async (request, reply) => {
    const { state } = await runCommand(request, { type: nodes.create.command, ...request.body });
    return reply.code(201).send(view(state, request.body.name));
  });

  endpointRoute(app, nodes.delete, async (request) => {
    const { result } = await runCommand(request, { type: nodes.delete.command, name: request.params.name });
    return { revision: result.revision, message: result.message };
  });

  endpointRoute(app, nodes.rename, async (request) => {
    const { state } = await runCommand(request, {
      type: nodes.rename.command,
      name: request.params.name,
      newName: request.body.newName,
    });
    return view(state, request.body.newName);
  });

  for (const endpoint of [nodes.pause, nodes.resume]) {
    endpointRoute(app, endpoint, async (request) => {
      const { state } = await runCommand(request, { type: endpoint.command, name: request.params.name });
      return view(state, request.params.name);
    });
  }
};
