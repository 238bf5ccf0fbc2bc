import { keys, type CommonProperties, type ResourceConfig } from '@wolfpack/contracts';
import { resourceOwner, resourceState } from '../model/derived.ts';
import { conflict, type CommandHandler } from './outcome.ts';
import { checkResourceProperties } from './resources.ts';
import { mergePrivateProperties } from './resource-properties.ts';

/*
 * Resource properties. A change to a running resource is written like any other: its
 * agent sees the new config and applies it live when the type supports that, or
 * restarts the resource.
 */

export const setResourceProperties: CommandHandler<'set-resource-properties'> = async (context, command) => {
  const resource = context.resource(command.name);
  const manifest = context.manifest(resource.type);
  const changed: ResourceConfig = {
    ...resource,
    description: command.description ?? resource.description,
    common: { ...resource.common, ...command.common } as CommonProperties,
    private: manifest ? mergePrivateProperties(manifest, resource.private, command.private) : resource.private,
  };
  if (command.possibleOwners === null) delete changed.possibleOwners;
  else if (command.possibleOwners !== undefined) changed.possibleOwners = command.possibleOwners;

  if (changed.possibleOwners) {
    context.requireNodes(changed.possibleOwners, 'possibleOwners', resource.possibleOwners ?? []);
    // The node running the resource must stay one of its possible owners while it runs.
    const state = resourceState(context.state, resource.name);
    const owner = resourceOwner(context.state, resource.name);
    if (owner && state !== 'Offline' && state !== 'Failed' && !changed.possibleOwners.includes(owner)) {
      const message = `resource ${resource.name} is ${state} on node ${owner}, which must stay a possible owner: move group ${resource.group} first`;
      throw conflict(message, [{ path: 'possibleOwners', message }]);
    }
  }
  await checkResourceProperties(context, changed);
  context.put(keys.resource(resource.name), changed);
  const fields = [
    ...(command.description !== undefined ? ['description'] : []),
    ...(command.possibleOwners !== undefined ? ['possibleOwners'] : []),
    ...Object.keys(command.common ?? {}).map((field) => `common.${field}`),
    ...Object.keys(command.private ?? {}).map((field) => `private.${field}`),
  ];
  return {
    object: { kind: 'resource', name: resource.name },
    message: `set properties of resource ${resource.name}${fields.length ? `: ${fields.join(', ')}` : ''}`,
  };
};
