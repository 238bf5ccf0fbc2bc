import { CommandError, CommonProperties, keys, type ProviderInfo, type ResourceConfig } from '@wolfpack/contracts';
import { resourceState } from '../model/derived.ts';
import { validateAgainst, withDefaults } from '../validation/index.ts';
import type { CommandContext } from './context.ts';
import { checkDependencies } from './dependencies.ts';
import { conflict, invalid, listNames, type CommandHandler } from './outcome.ts';
import { mergePrivateProperties, validateResourceProperties } from './resource-properties.ts';

/*
 * Resources: created Offline in a group, named uniquely across the cluster; deleted or
 * renamed only when nothing runs and nothing depends on them.
 */

const resourceRef = (name: string) => ({ kind: 'resource' as const, name });

/** A resource's direct dependencies as its type module sees them. */
export function providerInfos(context: CommandContext, resource: ResourceConfig): ProviderInfo[] {
  return resource.dependencies.flatMap((name) => {
    const provider = context.state.resources.get(name);
    return provider ? [{ name, type: provider.type, properties: provider.private }] : [];
  });
}

/** Checks a resource's common and private properties as a whole; refuses naming every bad field. */
export async function checkResourceProperties(context: CommandContext, resource: ResourceConfig): Promise<void> {
  const manifest = context.manifest(resource.type);
  if (!manifest) throw new CommandError('not-found', `resource type ${resource.type} does not exist`);
  const errors = validateAgainst(CommonProperties, resource.common, { pathPrefix: 'common' });
  errors.push(
    ...(await validateResourceProperties(context.catalog, manifest, resource.private, {
      resource: resource.name,
      group: resource.group,
      type: resource.type,
      providers: providerInfos(context, resource),
    })),
  );
  if (errors.length > 0) throw invalid(`resource ${resource.name}`, errors);
}

/** Resources (anywhere) whose dependencies name this one. */
export function dependentsNaming(context: CommandContext, name: string): ResourceConfig[] {
  return [...context.state.resources.values()].filter((resource) => resource.dependencies.includes(name));
}

export const createResource: CommandHandler<'create-resource'> = async (context, command) => {
  context.requireAbsent('resource', command.name);
  const group = context.group(command.group);
  const manifest = context.manifest(command.resourceType);
  if (!manifest) {
    const message = `resource type ${command.resourceType} does not exist`;
    throw new CommandError('not-found', message, [{ path: 'type', message }]);
  }
  const resource: ResourceConfig = {
    name: command.name,
    group: command.group,
    type: command.resourceType,
    description: command.description ?? '',
    persistentState: 'Offline',
    dependencies: command.dependencies ?? [],
    ...(command.possibleOwners ? { possibleOwners: command.possibleOwners } : {}),
    common: withDefaults(CommonProperties, command.common ?? {}) as CommonProperties,
    private: mergePrivateProperties(manifest, {}, command.private),
  };
  checkDependencies(context, resource);
  if (command.possibleOwners) context.requireNodes(command.possibleOwners, 'possibleOwners');
  await checkResourceProperties(context, resource);
  context.touch(keys.group(group.name), group);
  context.put(keys.resource(resource.name), resource);
  return {
    object: resourceRef(resource.name),
    message: `created resource ${resource.name} (${resource.type}) in group ${resource.group}`,
  };
};

export const deleteResource: CommandHandler<'delete-resource'> = (context, command) => {
  const resource = context.resource(command.name);
  const state = resourceState(context.state, command.name);
  if (state !== 'Offline' && state !== 'Failed')
    throw conflict(`resource ${command.name} is ${state}: take it offline first`);
  const dependents = dependentsNaming(context, command.name).map((dependent) => dependent.name);
  if (dependents.length > 0) {
    throw conflict(
      `${dependents.length === 1 ? 'resource' : 'resources'} ${listNames(dependents)} ${dependents.length === 1 ? 'depends' : 'depend'} ` +
        `on ${command.name}: remove ${dependents.length === 1 ? 'that dependency' : 'those dependencies'} first`,
    );
  }
  context.delete(keys.resource(command.name));
  context.delete(keys.failureRequest(command.name));
  context.touch(keys.group(resource.group), context.state.groups.get(resource.group));
  return {
    object: resourceRef(command.name),
    message: `deleted resource ${command.name} from group ${resource.group}`,
  };
};

export const renameResource: CommandHandler<'rename-resource'> = (context, command) => {
  const { name, newName } = command;
  const resource = context.resource(name);
  const state = resourceState(context.state, name);
  if (state !== 'Offline') throw conflict(`resource ${name} is ${state}: it can be renamed only while Offline`);
  if (newName === name)
    return { object: resourceRef(name), message: `resource ${name} already has that name`, noop: true };
  context.requireAbsent('resource', newName);
  context.guard(keys.resourceStatus(newName));
  for (const dependent of dependentsNaming(context, name)) {
    const dependencies = dependent.dependencies.map((provider) => (provider === name ? newName : provider));
    context.put(keys.resource(dependent.name), { ...dependent, dependencies } satisfies ResourceConfig);
  }
  context.delete(keys.resource(name));
  context.delete(keys.failureRequest(name));
  context.put(keys.resource(newName), { ...resource, name: newName } satisfies ResourceConfig);
  context.touch(keys.group(resource.group), context.state.groups.get(resource.group));
  return { object: resourceRef(newName), message: `renamed resource ${name} to ${newName}` };
};
