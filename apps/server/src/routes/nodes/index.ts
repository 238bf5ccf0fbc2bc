import { Type } from '@sinclair/typebox';
import { CommandAccepted, CreateNode, NameParams, NodeView, RenameNode } from '@wolfpack/contracts';
import { nodeView } from '@wolfpack/engine';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeErrors, found, plainJson, readErrors, runCommand } from '../shared.ts';

/** Nodes: list, read, create, delete, rename (admin); pause and resume (operator). */
export const nodeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['nodes'];
  const view = (state: Parameters<typeof nodeView>[0], name: string) => found(nodeView(state, name), 'node', name);

  app.get('/nodes', { config: { access: 'viewer' }, ...plainJson, schema: { tags, summary: 'Every node', response: { 200: Type.Array(NodeView), ...readErrors } } }, async () =>
    app.cluster.list((state) => state.nodes.keys(), nodeView),
  );

  app.get(
    '/nodes/:name',
    { config: { access: 'viewer' }, schema: { tags, summary: 'One node', params: NameParams, response: { 200: NodeView, ...readErrors } } },
    async (request) => view(app.cluster.state(), request.params.name),
  );

  app.post(
    '/nodes',
    {
      config: { access: 'admin', command: 'create-node', object: 'node' },
      schema: { tags, summary: 'Add a node to the cluster (start its wolfpackd to bring it Up)', body: Type.Omit(CreateNode, ['type']), response: { 201: NodeView, ...changeErrors } },
    },
    async (request, reply) => {
      const { state } = await runCommand(request, { type: 'create-node', ...request.body });
      return reply.code(201).send(view(state, request.body.name));
    },
  );

  app.delete(
    '/nodes/:name',
    {
      config: { access: 'admin', command: 'delete-node', object: 'node' },
      schema: { tags, summary: 'Remove a Down node', params: NameParams, response: { 200: CommandAccepted, ...changeErrors } },
    },
    async (request) => {
      const { result } = await runCommand(request, { type: 'delete-node', name: request.params.name });
      return { revision: result.revision, message: result.message };
    },
  );

  app.post(
    '/nodes/:name/rename',
    {
      config: { access: 'admin', command: 'rename-node', object: 'node' },
      schema: { tags, summary: 'Rename a Down node', params: NameParams, body: Type.Omit(RenameNode, ['type', 'name']), response: { 200: NodeView, ...changeErrors } },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'rename-node', name: request.params.name, newName: request.body.newName });
      return view(state, request.body.newName);
    },
  );

  for (const [action, command, summary] of [
    ['pause', 'pause-node', 'Pause a node: it keeps what runs on it and takes no new groups'],
    ['resume', 'resume-node', 'Resume a paused node'],
  ] as const) {
    app.post(
      `/nodes/:name/${action}`,
      {
        config: { access: 'operator', command, object: 'node' },
        schema: { tags, summary, params: NameParams, response: { 200: NodeView, ...changeErrors } },
      },
      async (request) => {
        const { state } = await runCommand(request, { type: command, name: request.params.name });
        return view(state, request.params.name);
      },
    );
  }
};
