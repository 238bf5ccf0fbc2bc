import { endpoints } from '@wolfpack/contracts';
import { groupView, planMoveCommand } from '@wolfpack/engine';
import type { FastifyPluginAsync } from 'fastify';
import { noteAudit } from '../../plugins/app/audit.ts';
import { endpointRoute } from '../endpoint-route.ts';
import { found, plainJson, runCommand } from '../shared.ts';

/** Groups: list, read, create, change, delete, rename (admin); move, online, offline (operator). */
export const groupRoutes: FastifyPluginAsync = async (app) => {
  const { groups } = endpoints;
  const view = (state: Parameters<typeof groupView>[0], name: string) => found(groupView(state, name), 'group', name);

  endpointRoute(app, groups.list, async () => app.cluster.list((state) => state.groups.keys(), groupView), plainJson);

  endpointRoute(app, groups.get, async (request) => view(app.cluster.state(), request.params.name));

  endpointRoute(app, groups.create, async (request, reply) => {
    const { state } = await runCommand(request, { type: groups.create.command, ...request.body });
    return reply.code(201).send(view(state, request.body.name));
  });

  endpointRoute(app, groups.update, async (request) => {
    const { state } = await runCommand(request, {
      type: groups.update.command,
      name: request.params.name,
      ...request.body,
    });
    return view(state, request.params.name);
  });

  endpointRoute(app, groups.delete, async (request) => {
    const { result } = await runCommand(request, { type: groups.delete.command, name: request.params.name });
    return { revision: result.revision, message: result.message };
  });

  endpointRoute(app, groups.rename, async (request) => {
    const { state } = await runCommand(request, {
      type: groups.rename.command,
      name: request.params.name,
      newName: request.body.newName,
    });
    return view(state, request.body.newName);
  });

  endpointRoute(app, groups.move, async (request, reply) => {
    const body = request.body ?? {};
    if (body.dryRun) {
      // A dry run reads: nothing to audit, whatever its answer.
      noteAudit(request, { skip: true });
      const plan = await planMoveCommand(app.cluster.store, app.cluster.catalog, request.params.name, body.node);
      return reply.code(200).send({ plan });
    }
    const { result } = await runCommand(request, {
      type: groups.move.command,
      name: request.params.name,
      ...(body.node !== undefined ? { node: body.node } : {}),
    });
    return reply
      .code(202)
      .send({ group: result.group ?? request.params.name, targetNode: result.targetNode!, revision: result.revision });
  });

  for (const endpoint of [groups.online, groups.offline]) {
    endpointRoute(app, endpoint, async (request, reply) => {
      const { result } = await runCommand(request, { type: endpoint.command, name: request.params.name });
      return reply.code(202).send({ revision: result.revision, message: result.message });
    });
  }
};
