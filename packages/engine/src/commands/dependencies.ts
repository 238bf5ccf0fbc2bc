import { CommandError, keys, maxListItems, type ResourceConfig } from '@wolfpack/contracts';
import { findCycle } from '../model/dependencies.ts';
import { groupResources, resourceState } from '../model/derived.ts';
import type { CommandContext } from './context.ts';
import { conflict, listNames, type CommandHandler } from './outcome.ts';

/*
 * Dependencies: a DAG inside one group. A resource goes online after its providers and
 * offline before them, so an edge to another group or a cycle could never be honoured.
 */

/**
 * Refuses a resource's dependency list unless every provider exists, is in the same
 * group, and the group's graph with `resource` as given stays acyclic.
 */
export function checkDependencies(context: CommandContext, resource: ResourceConfig): void {
  if (resource.dependencies.length > maxListItems) {
    const message = `dependencies must have at most ${maxListItems} items: ${resource.name} would have ${resource.dependencies.length}`;
    throw new CommandError('validation', message, [{ path: 'dependencies', message }]);
  }
  if (resource.dependencies.includes(resource.name)) {
    const message = `dependency cycle: ${resource.name} → ${resource.name}`;
    throw conflict(message, [{ path: 'dependencies', message }]);
  }
  const missing = resource.dependencies.filter((provider) => !context.state.resources.has(provider));
  for (const provider of missing) context.guard(keys.resource(provider));
  if (missing.length > 0) {
    const message = `resource ${resource.name} depends on ${listNames(missing)}, which ${missing.length === 1 ? 'does' : 'do'} not exist`;
    throw new CommandError('not-found', message, [{ path: 'dependencies', message }]);
  }
  for (const name of resource.dependencies) {
    const provider = context.resource(name);
    if (provider.group !== resource.group) {
      const message =
        `resource ${resource.name} (group ${resource.group}) cannot depend on resource ${name} (group ${provider.group}): ` +
        'dependencies must stay inside one group';
      throw conflict(message, [{ path: 'dependencies', message }]);
    }
  }
  const graph = [
    ...groupResources(context.state, resource.group).filter((other) => other.name !== resource.name),
    resource,
  ];
  const cycle = findCycle(graph);
  if (cycle) {
    const message = `dependency cycle: ${cycle.join(' → ')}`;
    throw conflict(message, [{ path: 'dependencies', message }]);
  }
}

const resourceRef = (name: string) => ({ kind: 'resource' as const, name });

export const addDependency: CommandHandler<'add-dependency'> = (context, command) => {
  const resource = context.resource(command.name);
  if (resource.dependencies.includes(command.provider)) {
    context.resource(command.provider);
    return {
      object: resourceRef(command.name),
      message: `resource ${command.name} already depends on ${command.provider}`,
      noop: true,
    };
  }
  const changed: ResourceConfig = { ...resource, dependencies: [...resource.dependencies, command.provider] };
  checkDependencies(context, changed);
  // A dependent that runs, or is meant to, must never be without its provider.
  const provider = context.resource(command.provider);
  const dependentState = resourceState(context.state, command.name);
  const providerState = resourceState(context.state, command.provider);
  const dependentRuns = !['Offline', 'Failed'].includes(dependentState);
  if (
    (dependentRuns && providerState !== 'Online') ||
    (resource.persistentState === 'Online' && provider.persistentState !== 'Online')
  ) {
    throw conflict(
      `resource ${command.name} is ${dependentRuns ? dependentState : 'meant to be online'} and ${command.provider} is ${providerState}: ` +
        `bring ${command.provider} online or take ${command.name} offline first`,
    );
  }
  context.put(keys.resource(command.name), changed);
  return { object: resourceRef(command.name), message: `resource ${command.name} now depends on ${command.provider}` };
};

export const removeDependency: CommandHandler<'remove-dependency'> = (context, command) => {
  const resource = context.resource(command.name);
  if (!resource.dependencies.includes(command.provider)) {
    throw conflict(`resource ${command.name} does not depend on ${command.provider}`);
  }
  const changed: ResourceConfig = {
    ...resource,
    dependencies: resource.dependencies.filter((name) => name !== command.provider),
  };
  context.put(keys.resource(command.name), changed);
  return {
    object: resourceRef(command.name),
    message: `resource ${command.name} no longer depends on ${command.provider}`,
  };
};
