import type { Role } from '@wolfpack/contracts';
import { mayRun } from '../session/roles.ts';
import type { CommandContext, CommandInvocation, CommandTarget, ConsoleCommand } from './command.ts';
import { type AvailableCommand, availableCommands } from './command-availability.ts';
import { consoleCommands } from './console-commands.tsx';

/*
 * Reading the command entries, whatever their list: which a person sees for a target,
 * which a key asks for, what a drop means. Nothing here names a command but the drop.
 */

export type {
  CommandChoice,
  CommandContext,
  CommandInvocation,
  CommandTarget,
  ConsoleCommand,
  Shortcut,
} from './command.ts';
export type { AvailableCommand } from './command-availability.ts';
export { nodeRefusal } from './node-refusal.ts';

/** Every command on the cluster's objects, in menu order. */
export const commands = consoleCommands;

export const commandById: ReadonlyMap<string, ConsoleCommand> = new Map(
  commands.map((command) => [command.id, command]),
);

/**
 * The commands a person sees for a target, of every command on the cluster's objects unless
 * another list is given (availableCommands: the rule itself).
 */
export function commandsFor(
  target: CommandTarget | undefined,
  context: CommandContext,
  list: readonly ConsoleCommand[] = commands,
): AvailableCommand[] {
  return availableCommands(target, context, list);
}

/** The invocation a key press asks for on the focused target, if any (and if allowed). */
export function commandForKey(
  key: { key: string; shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean },
  target: CommandTarget | undefined,
  context: CommandContext,
): CommandInvocation | undefined {
  if (!target || key.ctrlKey || key.altKey || key.metaKey) return undefined;
  const pressed = key.key.length === 1 ? key.key.toLowerCase() : key.key;
  for (const available of commandsFor(target, context)) {
    const shortcut = available.command.shortcut;
    if (!shortcut || available.disabledReason) continue;
    const wanted = shortcut.key.length === 1 ? shortcut.key.toLowerCase() : shortcut.key;
    if (wanted === pressed && Boolean(shortcut.shift) === key.shiftKey)
      return { command: available.command.id, target };
  }
  return undefined;
}

/** Whether groups can be dragged at all: a drop is a move, so the role must allow moving. */
export const mayDragGroups = (role: Role | undefined): boolean => mayRun(role, 'move-group');

/**
 * A group dropped on a node: a move there, if the person may move groups and the node is
 * not where the group already runs. The move still goes through the "what happens if" view.
 */
export function dropInvocation(group: string, node: string, context: CommandContext): CommandInvocation | undefined {
  if (!mayDragGroups(context.role)) return undefined;
  const view = context.cluster.groups.get(group);
  if (!view || !context.cluster.nodes.has(node) || view.ownerNode === node) return undefined;
  return { command: 'move-group', target: { kind: 'group', name: group }, node };
}
