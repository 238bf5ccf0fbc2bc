import type { Access, Role } from '@wolfpack/contracts';
import type { Selection } from '../app/selection.ts';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { accessOf, mayRun, roleAllows } from '../session/roles.ts';
import { compareNames } from '../lists/compare.ts';

/** What a command acts on: the cluster itself, a cluster object, or a folder of the tree (for New …). */
export type CommandTarget =
  | { kind: 'cluster' | 'group' | 'resource' | 'node' | 'resourceType'; name: string }
  | { kind: 'folder'; name: string; selection: Selection };

export type CommandId =
  | 'bring-online'
  | 'take-offline'
  | 'initiate-failure'
  | 'move-group'
  | 'pause-node'
  | 'resume-node'
  | 'new-group'
  | 'new-resource'
  | 'delete'
  | 'properties';

/** One request to run a command: from the toolbar, a menu, a key, or a drop. */
export interface CommandInvocation {
  command: CommandId;
  target: CommandTarget;
  /** Move Group: the node chosen; absent for "Best possible node". */
  node?: string;
}

/** What commands need to know to decide whether they apply. */
export interface CommandContext {
  role: Role | undefined;
  cluster: ClusterCache;
  /** A command of the console is running on this object. */
  isPending(target: CommandTarget): boolean;
}

/** A keyboard shortcut: the key (KeyboardEvent.key, lower case for letters) and modifiers. */
export interface Shortcut {
  key: string;
  shift?: boolean;
  /** As shown in menus and aria-keyshortcuts. */
  label: string;
}

/** One entry of a submenu (Move Group ▸ a node). */
export interface CommandChoice {
  label: string;
  node?: string;
  disabledReason?: string;
}

export interface ConsoleCommand {
  id: CommandId;
  label: string;
  /** The role it needs: that of the engine commands it sends (the endpoint table's), or viewer for what only reads. */
  access: Access;
  shortcut?: Shortcut;
  /** Shown for this target at all. */
  appliesTo(target: CommandTarget, context: CommandContext): boolean;
  /** Shown but unavailable, and why (a person sees the reason as the item's description). */
  disabledReason?(target: CommandTarget, context: CommandContext): string | undefined;
  /** Commands with choices (Move Group): each node, then "Best possible node". */
  choices?(target: CommandTarget, context: CommandContext): CommandChoice[];
}

const isObject = (target: CommandTarget, kind: 'group' | 'resource' | 'node' | 'resourceType') => target.kind === kind;

const stateOf = (target: CommandTarget, context: CommandContext): string | undefined => {
  if (target.kind === 'group') return context.cluster.groups.get(target.name)?.state;
  if (target.kind === 'resource') return context.cluster.resources.get(target.name)?.state;
  if (target.kind === 'node') return context.cluster.nodes.get(target.name)?.state;
  return undefined;
};

const busy = (target: CommandTarget, context: CommandContext) =>
  context.isPending(target) ? `A command on ${target.name} is still running` : undefined;

/** Why a node cannot take a group now, as the server would say it (it stays the judge). */
export function nodeRefusal(cluster: ClusterCache, group: string, node: string): string | undefined {
  const view = cluster.nodes.get(node);
  if (!view) return `Node ${node} does not exist`;
  if (view.state === 'Down') return `${node} is Down`;
  if (view.paused || view.state === 'Paused') return `${node} is Paused`;
  for (const resource of cluster.resources.values()) {
    if (resource.group !== group) continue;
    if (resource.possibleOwners.length > 0 && !resource.possibleOwners.includes(node)) {
      return `${node} is not a possible owner of ${resource.name}`;
    }
  }
  return undefined;
}

/** Every command of the console, in menu order. */
export const commands: ConsoleCommand[] = [
  {
    id: 'bring-online',
    label: 'Bring Online',
    access: accessOf('bring-group-online', 'bring-resource-online'),
    shortcut: { key: 'o', label: 'O' },
    appliesTo: (t) => isObject(t, 'group') || isObject(t, 'resource'),
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Online' ? `${t.name} is already Online` : undefined),
  },
  {
    id: 'take-offline',
    label: 'Take Offline',
    access: accessOf('take-group-offline', 'take-resource-offline'),
    shortcut: { key: 'f', label: 'F' },
    appliesTo: (t) => isObject(t, 'group') || isObject(t, 'resource'),
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Offline' ? `${t.name} is already Offline` : undefined),
  },
  {
    id: 'initiate-failure',
    label: 'Initiate Failure',
    access: accessOf('initiate-failure'),
    shortcut: { key: 'I', shift: true, label: 'Shift+I' },
    appliesTo: (t) => isObject(t, 'resource'),
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) !== 'Online' ? `${t.name} is not Online` : undefined),
  },
  {
    id: 'move-group',
    label: 'Move Group',
    access: accessOf('move-group'),
    shortcut: { key: 'm', label: 'M' },
    appliesTo: (t) => isObject(t, 'group'),
    disabledReason: (t, c) => busy(t, c) ?? (c.cluster.nodes.size < 2 ? 'The cluster has one node' : undefined),
    choices: (t, c) => {
      const owner = c.cluster.groups.get(t.name)?.ownerNode ?? null;
      const nodes = [...c.cluster.nodes.keys()].sort(compareNames);
      const choices: CommandChoice[] = nodes.map((node) => {
        const refusal = node === owner ? `${t.name} is on ${node} already` : nodeRefusal(c.cluster, t.name, node);
        return refusal ? { label: node, node, disabledReason: refusal } : { label: node, node };
      });
      choices.push({ label: 'Best possible node' });
      return choices;
    },
  },
  {
    id: 'pause-node',
    label: 'Pause Node',
    access: accessOf('pause-node'),
    shortcut: { key: 'p', label: 'P' },
    appliesTo: (t, c) => isObject(t, 'node') && c.cluster.nodes.get(t.name)?.paused !== true,
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Down' ? `${t.name} is Down` : undefined),
  },
  {
    id: 'resume-node',
    label: 'Resume Node',
    access: accessOf('resume-node'),
    shortcut: { key: 'p', label: 'P' },
    appliesTo: (t, c) => isObject(t, 'node') && c.cluster.nodes.get(t.name)?.paused === true,
    disabledReason: (t, c) => busy(t, c),
  },
  {
    id: 'new-group',
    label: 'New Group…',
    access: accessOf('create-group'),
    appliesTo: (t) => t.kind !== 'resourceType' && t.kind !== 'node' ? true : false,
  },
  {
    id: 'new-resource',
    label: 'New Resource…',
    access: accessOf('create-resource'),
    appliesTo: (t) => t.kind !== 'resourceType' && t.kind !== 'node',
    disabledReason: (_t, c) => (c.cluster.groups.size === 0 ? 'Create a group first' : undefined),
  },
  {
    id: 'delete',
    label: 'Delete',
    access: accessOf('delete-group', 'delete-resource'),
    shortcut: { key: 'Delete', label: 'Delete' },
    appliesTo: (t) => isObject(t, 'group') || isObject(t, 'resource'),
    disabledReason: (t, c) => busy(t, c),
  },
  {
    id: 'properties',
    label: 'Properties',
    access: 'viewer',
    shortcut: { key: 'Enter', label: 'Enter' },
    appliesTo: (t) => t.kind !== 'folder',
  },
];

export const commandById = new Map(commands.map((command) => [command.id, command]));

/** A command as a menu or toolbar shows it for one target. */
export interface AvailableCommand {
  command: ConsoleCommand;
  disabledReason: string | undefined;
  choices: CommandChoice[] | undefined;
}

/**
 * The commands a person sees for a target: those that apply and that their role allows
 * (a viewer sees no mutating command at all), each with why it is unavailable now.
 */
export function commandsFor(target: CommandTarget | undefined, context: CommandContext): AvailableCommand[] {
  if (!target) return [];
  return commands
    .filter((command) => roleAllows(context.role, command.access) && command.appliesTo(target, context))
    .map((command) => ({
      command,
      disabledReason: command.disabledReason?.(target, context),
      choices: command.choices?.(target, context),
    }));
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
    if (wanted === pressed && Boolean(shortcut.shift) === key.shiftKey) return { command: available.command.id, target };
  }
  return undefined;
}

/**
 * A group dropped on a node: a move there, if the person may move groups and the node is
 * not where the group already runs. The move still goes through the "what happens if" view.
 */
export function dropInvocation(group: string, node: string, context: CommandContext): CommandInvocation | undefined {
  if (!mayRun(context.role, 'move-group')) return undefined;
  const view = context.cluster.groups.get(group);
  if (!view || !context.cluster.nodes.has(node) || view.ownerNode === node) return undefined;
  return { command: 'move-group', target: { kind: 'group', name: group }, node };
}
