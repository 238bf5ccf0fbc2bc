import { Type } from '@sinclair/typebox';
import {
  AddDependency,
  CommandAccepted,
  CreateResource,
  NameParams,
  PropertiesPatch,
  RenameResource,
  ResourceView,
  SetResourceProperties,
} from '@wolfpack/contracts';
import { resourceView } from '@wolfpack/engine';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeErrors, found, plainJson, readErrors, runCommand } from '../shared.ts';
import { controlRoutes } from './control.ts';

/**
 * Resources: list, read, create, change, delete, rename, dependencies (admin); online,
 * offline, Initiate Failure (operator); control codes (see control.ts).
 */
export const resourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['resources'];
  const view = (state: Parameters<typeof resourceView>[0], name: string) => found(resourceView(state, name), 'resource', name);
  const DependencyParams = Type.Omit(AddDependency, ['type']);

  app.get('/resources', { config: { access: 'viewer' }, ...plainJson, schema: { tags, summary: 'Every resource', response: { 200: Type.Array(ResourceView), ...readErrors } } }, async () =>
    app.cluster.list((state) => state.resources.keys(), resourceView),
  );

  app.get(
    '/resources/:name',
    { config: { access: 'viewer' }, schema: { tags, summary: 'One resource', params: NameParams, response: { 200: ResourceView, ...readErrors } } },
    async (request) => view(app.cluster.state(), request.params.name),
  );

  app.post(
    '/resources',
    {
      config: { access: 'admin', command: 'create-resource', object: 'resource' },
      schema: {
        tags,
        summary: 'Create a resource (Offline) in a group: its type, dependencies, possible owners and properties',
        body: Type.Omit(CreateResource, ['type']),
        response: { 201: ResourceView, ...changeErrors },
      },
    },
    async (request, reply) => {
      const { state } = await runCommand(request, { type: 'create-resource', ...request.body });
      return reply.code(201).send(view(state, request.body.name));
    },
  );

  app.patch(
    '/resources/:name',
    {
      config: { access: 'admin', command: 'set-resource-properties', object: 'resource' },
      schema: {
        tags,
        summary: 'Change a resource: description, possible owners (null: every node), common and private properties',
        params: NameParams,
        body: Type.Omit(SetResourceProperties, ['type', 'name']),
        response: { 200: ResourceView, ...changeErrors },
      },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'set-resource-properties', name: request.params.name, ...request.body });
      return view(state, request.params.name);
    },
  );

  app.patch(
    '/resources/:name/properties',
    {
      config: { access: 'admin', command: 'set-resource-properties', object: 'resource' },
      schema: {
        tags,
        summary: 'Change common and private properties; invalid values are refused naming every bad field, and nothing changes',
        params: NameParams,
        body: PropertiesPatch,
        response: { 200: ResourceView, ...changeErrors },
      },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'set-resource-properties', name: request.params.name, ...request.body });
      return view(state, request.params.name);
    },
  );

  app.delete(
    '/resources/:name',
    {
      config: { access: 'admin', command: 'delete-resource', object: 'resource' },
      schema: { tags, summary: 'Delete an Offline or Failed resource nothing depends on', params: NameParams, response: { 200: CommandAccepted, ...changeErrors } },
    },
    async (request) => {
      const { result } = await runCommand(request, { type: 'delete-resource', name: request.params.name });
      return { revision: result.revision, message: result.message };
    },
  );

  app.post(
    '/resources/:name/rename',
    {
      config: { access: 'admin', command: 'rename-resource', object: 'resource' },
      schema: { tags, summary: 'Rename an Offline resource', params: NameParams, body: Type.Omit(RenameResource, ['type', 'name']), response: { 200: ResourceView, ...changeErrors } },
    },
    async (request) => {
      const { state } = await runCommand(request, { type: 'rename-resource', name: request.params.name, newName: request.body.newName });
      return view(state, request.body.newName);
    },
  );

  for (const [method, command, summary] of [
    ['POST', 'add-dependency', 'Make the resource depend on `provider` (same group, no cycles)'],
    ['DELETE', 'remove-dependency', 'Remove the resource\'s dependency on `provider`'],
  ] as const) {
    app.route({
      method,
      url: '/resources/:name/dependencies/:provider',
      config: { access: 'admin', command, object: 'resource' },
      schema: { tags, summary, params: DependencyParams, response: { 200: ResourceView, ...changeErrors } },
      handler: async (request) => {
        const { name, provider } = request.params;
        const { state } = await runCommand(request, { type: command, name, provider });
        return view(state, name);
      },
    });
  }

  for (const [action, command, summary] of [
    ['online', 'bring-resource-online', 'Bring Online: the resource and its providers'],
    ['offline', 'take-resource-offline', 'Take Offline: the resource and its dependents'],
    ['fail', 'initiate-failure', 'Initiate Failure: the restart and failover policy takes it from there'],
  ] as const) {
    app.post(
      `/resources/:name/${action}`,
      {
        config: { access: 'operator', command, object: 'resource' },
        schema: { tags, summary, params: NameParams, response: { 202: CommandAccepted, ...changeErrors } },
      },
      async (request, reply) => {
        const { result } = await runCommand(request, { type: command, name: request.params.name });
        return reply.code(202).send({ revision: result.revision, message: result.message });
      },
    );
  }

  await app.register(controlRoutes);
};
