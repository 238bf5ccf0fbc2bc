import { keys, type GroupConfig, type NodeConfig, type ResourceConfig } from '@wolfpack/contracts';
import { nodeState } from '../model/derived.ts';
import type { CommandContext } from './context.ts';
import { conflict, type CommandHandler, type CommandOutcome } from './outcome.ts';

/*
 * Nodes: the machines of the cluster. A node's agent (wolfpackd) runs on it; the
 * configuration of a node whose agent runs is left alone except for pausing.
 */

const nodeRef = (name: string) => ({ kind: 'node' as const, name });

/** Rewrites every group's preferred owners and every resource's possible owners that name `from`. */
function rewriteNodeReferences(context: CommandContext, from: string, to: string | undefined): void {
  const replace = (names: string[]) => names.flatMap((name) => (name !== from ? [name] : to === undefined ? [] : [to]));
  for (const group of context.state.groups.values()) {
    if (!group.policy.preferredOwners.includes(from)) continue;
    const changed: GroupConfig = {
      ...group,
      policy: { ...group.policy, preferredOwners: replace(group.policy.preferredOwners) },
    };
    context.put(keys.group(group.name), changed);
  }
  for (const resource of context.state.resources.values()) {
    if (!resource.possibleOwners?.includes(from)) continue;
    const changed: ResourceConfig = { ...resource, possibleOwners: replace(resource.possibleOwners) };
    context.put(keys.resource(resource.name), changed);
  }
}

export const createNode: CommandHandler<'create-node'> = (context, command) => {
  context.requireAbsent('node', command.name);
  const node: NodeConfig = { name: command.name, description: command.description ?? '', paused: false };
  context.put(keys.node(command.name), node);
  return { object: nodeRef(command.name), message: `created node ${command.name}` };
};

export const deleteNode: CommandHandler<'delete-node'> = (context, command) => {
  context.node(command.name);
  const state = nodeState(context.state, command.name);
  if (state !== 'Down') throw conflict(`node ${command.name} is ${state}: stop wolfpackd on it first`);
  rewriteNodeReferences(context, command.name, undefined);
  context.delete(keys.node(command.name));
  return { object: nodeRef(command.name), message: `deleted node ${command.name}` };
};

export const renameNode: CommandHandler<'rename-node'> = (context, command) => {
  const node = context.node(command.name);
  const state = nodeState(context.state, command.name);
  if (state !== 'Down')
    throw conflict(`node ${command.name} is ${state}: it can be renamed only while Down (stop wolfpackd on it first)`);
  if (command.newName === command.name)
    return { object: nodeRef(command.name), message: `node ${command.name} already has that name`, noop: true };
  context.requireAbsent('node', command.newName);
  context.guard(keys.nodeStatus(command.newName));
  rewriteNodeReferences(context, command.name, command.newName);
  context.delete(keys.node(command.name));
  context.put(keys.node(command.newName), { ...node, name: command.newName } satisfies NodeConfig);
  return { object: nodeRef(command.newName), message: `renamed node ${command.name} to ${command.newName}` };
};

function setPaused(context: CommandContext, name: string, paused: boolean): CommandOutcome {
  const node = context.node(name);
  if (node.paused === paused) {
    return {
      object: nodeRef(name),
      message: `node ${name} was already ${paused ? 'paused' : 'not paused'}`,
      noop: true,
    };
  }
  context.put(keys.node(name), { ...node, paused } satisfies NodeConfig);
  return { object: nodeRef(name), message: `${paused ? 'paused' : 'resumed'} node ${name}` };
}

export const pauseNode: CommandHandler<'pause-node'> = (context, command) => setPaused(context, command.name, true);
export const resumeNode: CommandHandler<'resume-node'> = (context, command) => setPaused(context, command.name, false);
