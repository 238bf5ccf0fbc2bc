import { Type } from '@sinclair/typebox';
import {
  CommandAccepted,
  CreateGroup,
  GroupView,
  MoveAccepted,
  MoveGroupRequest,
  MovePlanReply,
  NameParams,
  RenameGroup,
  SetGroupProperties,
} from '@wolfpack/contracts';
import { groupView, planMoveCommand } from '@wolfpack/engine';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { noteAudit } from '../../plugins/app/audit.ts';
import { changeErrors, found, plainJson, readErrors, runCommand } from '../shared.ts';

/** Groups: list, read, create, change, delete, rename (admin); move, online, offline (operator). */
export const groupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['groups'];
  const view = (state: Parameters<typeof groupView>[0], name: string) => found(groupView(state, name), 'group', name);

  app.get('/groups', { config: { access: 'viewer' }, ...plainJson, schema: { tags, summary: 'Every group', response: { 200: Type.Array(GroupView), ...readErrors } } }, async () =>
    app.cluster.list((state) => state.groups.keys(), groupView),
  );

  app.get(
    '/groups/:name',
    { config: { access: 'viewer' }, schema: { tags, summary: 'One group', params: NameParams, response: { 200: GroupView, ...readErrors } } },
    async (request) => view(app.cluster.state(), request.params.name),
  );

  app.post(
    '/groups',
    {
      config: { access: 'admin', command: 'create-group', object: 'group' },
      schema: { tags, summary: 'Create an empty group', body: Type.Omit(CreateGroup, ['type']), response: { 201: GroupView, ...changeErrors } },
    },
    async (request, reply) => {
      const { state } = await runCommand(request, { type: 'create-group', ...request.body });
      return reply.code(201).send(view(state, request.body.name));
    },
  );

  app.patch(
    '/groups/:name',
    {
      config: { access: 'admin', command: 'set-group-properties', object: 'group' },
      schema: {
        tags,
        summary: 'Change a group\'s description or failover policy (preferred owners, thresholds, failback)',
        params: NameParams,
        body: Type.Omit(SetGroupProperties, ['type', 'name']),
        response: { 200: GroupView, ...changeErrors },
      },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'set-group-properties', name: request.params.name, ...request.body });
      return view(state, request.params.name);
    },
  );

  app.delete(
    '/groups/:name',
    {
      config: { access: 'admin', command: 'delete-group', object: 'group' },
      schema: { tags, summary: 'Delete an empty group', params: NameParams, response: { 200: CommandAccepted, ...changeErrors } },
    },
    async (request) => {
      const { result } = await runCommand(request, { type: 'delete-group', name: request.params.name });
      return { revision: result.revision, message: result.message };
    },
  );

  app.post(
    '/groups/:name/rename',
    {
      config: { access: 'admin', command: 'rename-group', object: 'group' },
      schema: { tags, summary: 'Rename a group', params: NameParams, body: Type.Omit(RenameGroup, ['type', 'name']), response: { 200: GroupView, ...changeErrors } },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'rename-group', name: request.params.name, newName: request.body.newName });
      return view(state, request.body.newName);
    },
  );

  app.post(
    '/groups/:name/move',
    {
      config: { access: 'operator', command: 'move-group', object: 'group' },
      schema: {
        tags,
        summary: 'Move Group: to `node`, or the best other node. With dryRun, change nothing and answer the plan',
        params: NameParams,
        body: Type.Optional(MoveGroupRequest),
        response: { 202: MoveAccepted, 200: MovePlanReply, ...changeErrors },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      if (body.dryRun) {
        // A dry run reads: nothing to audit, whatever its answer.
        noteAudit(request, { skip: true });
        const plan = await planMoveCommand(app.cluster.store, app.cluster.catalog, request.params.name, body.node);
        return reply.code(200).send({ plan });
      }
      const { result } = await runCommand(request, { type: 'move-group', name: request.params.name, ...(body.node !== undefined ? { node: body.node } : {}) });
      return reply.code(202).send({ group: result.group ?? request.params.name, targetNode: result.targetNode!, revision: result.revision });
    },
  );

  for (const [action, command, summary] of [
    ['online', 'bring-group-online', 'Bring Online: every resource of the group, providers first'],
    ['offline', 'take-group-offline', 'Take Offline: every resource of the group, dependents first'],
  ] as const) {
    app.post(
      `/groups/:name/${action}`,
      {
        config: { access: 'operator', command, object: 'group' },
        schema: { tags, summary, params: NameParams, response: { 202: CommandAccepted, ...changeErrors } },
      },
      async (request, reply) => {
        const { result } = await runCommand(request, { type: command, name: request.params.name });
        return reply.code(202).send({ revision: result.revision, message: result.message });
      },
    );
  }
};
