import {
  keys,
  type FailureRequest,
  type GroupConfig,
  type GroupHistory,
  type PersistentState,
  type ResourceConfig,
} from '@wolfpack/contracts';
import { dependentsOf, providersOf } from '../model/dependencies.ts';
import { groupResources, possibleOwnersOfGroup, resourceState } from '../model/derived.ts';
import type { CommandContext } from './context.ts';
import { article, conflict, type CommandHandler } from './outcome.ts';

/*
 * Bring Online, Take Offline, Initiate Failure: these write intent (persistentState, a
 * failure request); the group's owner node acts on it. Providers come online with their
 * dependents and dependents go offline with their providers, so the intent always
 * respects the dependency graph.
 */

const resourceRef = (name: string) => ({ kind: 'resource' as const, name });
const groupRef = (name: string) => ({ kind: 'group' as const, name });

/** Refuses unless a resource directly depends on a resource of every type its manifest requires. */
function requireDependencyTypes(context: CommandContext, resource: ResourceConfig): void {
  const required = context.manifest(resource.type)?.requiredDependencies ?? [];
  const providerTypes = resource.dependencies.map((name) => context.state.resources.get(name)?.type);
  for (const type of required) {
    if (!providerTypes.includes(type)) {
      throw conflict(
        `resource ${resource.name}: ${resource.type} needs a dependency on ${article(type)} ${type} resource`,
      );
    }
  }
}

/**
 * Refuses unless some configured node is a possible owner of every resource of the group
 * (they run together). Nodes that are Down or Paused right now do not refuse: the intent
 * is kept and acted on when a node that may host the group is Up (a cluster is seeded
 * before its agents start).
 */
function requireHost(context: CommandContext, group: string): void {
  context.allNodes();
  if (possibleOwnersOfGroup(context.state, group).length > 0) return;
  if (context.state.nodes.size === 0) throw conflict(`no node can host group ${group}: no node is configured`);
  const limits = groupResources(context.state, group)
    .filter((resource) => resource.possibleOwners)
    .map(
      (resource) =>
        `resource ${resource.name} may run only on ${resource.possibleOwners!.length ? resource.possibleOwners!.join(', ') : 'no node'}`,
    );
  throw conflict(
    `no node can host group ${group}: no node is a possible owner of all its resources (${limits.join('; ')})`,
  );
}

function setResources(context: CommandContext, resources: ResourceConfig[], persistentState: PersistentState): void {
  for (const resource of resources) {
    const changed: ResourceConfig = { ...resource, persistentState };
    // resetAt lets the agent retry a resource that failed before this request.
    if (persistentState === 'Online') changed.resetAt = context.now;
    if (persistentState === 'Offline' && resource.persistentState === 'Offline') continue;
    context.put(keys.resource(resource.name), changed);
  }
}

function setGroup(context: CommandContext, group: GroupConfig, persistentState: PersistentState): void {
  if (group.persistentState !== persistentState)
    context.put(keys.group(group.name), { ...group, persistentState } satisfies GroupConfig);
  // An administrator's Bring Online is a fresh start: a group left Failed past its
  // FailoverThreshold may fail over again.
  const history = context.state.groupHistories.get(group.name);
  if (persistentState === 'Online' && history?.failedOn !== undefined) {
    const { failedOn: _cleared, ...rest } = history;
    context.put(keys.groupHistory(group.name), rest satisfies GroupHistory);
  }
}

function byNames(context: CommandContext, names: string[]): ResourceConfig[] {
  return names.map((name) => context.state.resources.get(name)!);
}

export const bringResourceOnline: CommandHandler<'bring-resource-online'> = (context, command) => {
  const resource = context.resource(command.name);
  const group = context.group(resource.group);
  const members = groupResources(context.state, group.name);
  const targets = [resource, ...byNames(context, providersOf(members, resource.name, { transitive: true }))];
  for (const target of targets) requireDependencyTypes(context, target);
  requireHost(context, group.name);
  setResources(context, targets, 'Online');
  setGroup(context, group, 'Online');
  const providers =
    targets.length > 1
      ? ` and its providers ${targets
          .slice(1)
          .map((target) => target.name)
          .join(', ')}`
      : '';
  return { object: resourceRef(resource.name), message: `requested Online for resource ${resource.name}${providers}` };
};

export const takeResourceOffline: CommandHandler<'take-resource-offline'> = (context, command) => {
  const resource = context.resource(command.name);
  const group = context.group(resource.group);
  const members = groupResources(context.state, group.name);
  const targets = [resource, ...byNames(context, dependentsOf(members, resource.name, { transitive: true }))];
  setResources(context, targets, 'Offline');
  const stillOnline = members.some((member) => member.persistentState === 'Online' && !targets.includes(member));
  if (!stillOnline) setGroup(context, group, 'Offline');
  const dependents =
    targets.length > 1
      ? ` and its dependents ${targets
          .slice(1)
          .map((target) => target.name)
          .join(', ')}`
      : '';
  return {
    object: resourceRef(resource.name),
    message: `requested Offline for resource ${resource.name}${dependents}`,
  };
};

export const bringGroupOnline: CommandHandler<'bring-group-online'> = (context, command) => {
  const group = context.group(command.name);
  const members = groupResources(context.state, group.name);
  for (const member of members) requireDependencyTypes(context, member);
  requireHost(context, group.name);
  setResources(context, members, 'Online');
  setGroup(context, group, 'Online');
  return { object: groupRef(group.name), message: `requested Online for group ${group.name}` };
};

export const takeGroupOffline: CommandHandler<'take-group-offline'> = (context, command) => {
  const group = context.group(command.name);
  setResources(context, groupResources(context.state, group.name), 'Offline');
  setGroup(context, group, 'Offline');
  return { object: groupRef(group.name), message: `requested Offline for group ${group.name}` };
};

export const initiateFailure: CommandHandler<'initiate-failure'> = (context, command) => {
  const resource = context.resource(command.name);
  const state = resourceState(context.state, resource.name);
  if (state !== 'Online' && state !== 'OnlinePending') {
    throw conflict(`resource ${resource.name} is ${state}: only an Online or OnlinePending resource can be failed`);
  }
  const request: FailureRequest = { resource: resource.name, requestedBy: context.actor, at: context.now };
  context.put(keys.failureRequest(resource.name), request);
  return { object: resourceRef(resource.name), message: `requested failure of resource ${resource.name}` };
};
