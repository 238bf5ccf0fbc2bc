import { GroupPolicy, keys, type GroupConfig, type GroupPolicyPatch, type ResourceConfig } from '@wolfpack/contracts';
import { groupResources, resourceState } from '../model/derived.ts';
import { validateAgainst, withDefaults } from '../validation/index.ts';
import type { CommandContext } from './context.ts';
import { conflict, invalid, listNames, type CommandHandler } from './outcome.ts';

/*
 * Groups: the unit of failover. A group's placement, move request and failover history
 * belong to it and go where its config goes.
 */

const groupRef = (name: string) => ({ kind: 'group' as const, name });

/** The policy after a patch, defaults filled, checked: preferred owners must be configured nodes. */
function resolvePolicy(
  context: CommandContext,
  groupName: string,
  base: Partial<GroupPolicy>,
  patch: GroupPolicyPatch = {},
): GroupPolicy {
  const merged: Record<string, unknown> = { ...base, ...patch };
  // null in a patch removes an optional setting (the failback window).
  for (const [field, value] of Object.entries(merged)) if (value === null) delete merged[field];
  const policy = withDefaults(GroupPolicy, merged) as GroupPolicy;
  const errors = validateAgainst(GroupPolicy, policy, { pathPrefix: 'policy' });
  if (errors.length > 0) throw invalid(`group ${groupName}`, errors);
  context.requireNodes(policy.preferredOwners, 'policy.preferredOwners', base.preferredOwners ?? []);
  return policy;
}

export const createGroup: CommandHandler<'create-group'> = (context, command) => {
  context.requireAbsent('group', command.name);
  const policy = resolvePolicy(context, command.name, {}, command.policy);
  const group: GroupConfig = {
    name: command.name,
    description: command.description ?? '',
    persistentState: 'Offline',
    policy,
  };
  context.put(keys.group(command.name), group);
  return { object: groupRef(command.name), message: `created group ${command.name}` };
};

export const deleteGroup: CommandHandler<'delete-group'> = (context, command) => {
  context.group(command.name);
  const members = groupResources(context.state, command.name).map((resource) => resource.name);
  if (members.length > 0) {
    throw conflict(`group ${command.name} still has resources ${listNames(members)}: delete its resources first`);
  }
  for (const key of [
    keys.group(command.name),
    keys.placement(command.name),
    keys.moveRequest(command.name),
    keys.groupHistory(command.name),
  ]) {
    context.delete(key);
  }
  return { object: groupRef(command.name), message: `deleted group ${command.name}` };
};

export const renameGroup: CommandHandler<'rename-group'> = (context, command) => {
  const { name, newName } = command;
  const group = context.group(name);
  const members = groupResources(context.state, name);
  const running = members.filter(
    (resource) => !['Offline', 'Failed'].includes(resourceState(context.state, resource.name)),
  );
  if (running.length > 0) {
    const states = running.map((resource) => `${resource.name} is ${resourceState(context.state, resource.name)}`);
    throw conflict(
      `group ${name} can be renamed only while all its resources are Offline or Failed: ${states.join(', ')}`,
    );
  }
  if (newName === name) return { object: groupRef(name), message: `group ${name} already has that name`, noop: true };
  context.requireAbsent('group', newName);
  const moved: [from: string, to: string, record: unknown][] = [
    [keys.group(name), keys.group(newName), { ...group, name: newName }],
  ];
  const placement = context.state.placements.get(name);
  if (placement) moved.push([keys.placement(name), keys.placement(newName), { ...placement, group: newName }]);
  const move = context.state.moveRequests.get(name);
  if (move) moved.push([keys.moveRequest(name), keys.moveRequest(newName), { ...move, group: newName }]);
  const history = context.state.groupHistories.get(name);
  if (history) moved.push([keys.groupHistory(name), keys.groupHistory(newName), { ...history, group: newName }]);
  for (const [from, to, record] of moved) {
    context.delete(from);
    context.put(to, record);
  }
  // Leftover records under the new name (from a group deleted long ago) must not be inherited.
  for (const key of [keys.placement(newName), keys.moveRequest(newName), keys.groupHistory(newName)]) {
    if (!moved.some(([, to]) => to === key)) context.delete(key);
  }
  for (const resource of members)
    context.put(keys.resource(resource.name), { ...resource, group: newName } satisfies ResourceConfig);
  return { object: groupRef(newName), message: `renamed group ${name} to ${newName}` };
};

export const setGroupProperties: CommandHandler<'set-group-properties'> = (context, command) => {
  const group = context.group(command.name);
  const policy = resolvePolicy(context, command.name, group.policy, command.policy);
  const changed: GroupConfig = { ...group, description: command.description ?? group.description, policy };
  context.put(keys.group(command.name), changed);
  const fields = [...(command.description !== undefined ? ['description'] : []), ...Object.keys(command.policy ?? {})];
  return {
    object: groupRef(command.name),
    message: `set properties of group ${command.name}${fields.length ? `: ${fields.join(', ')}` : ''}`,
  };
};
