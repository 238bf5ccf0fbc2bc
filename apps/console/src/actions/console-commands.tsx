import { PropertiesDialog } from '../properties/properties-dialog.tsx';
import { NewGroupWizard } from '../wizards/new-group-wizard.tsx';
import { NewResourceWizard } from '../wizards/new-resource-wizard.tsx';
import { compareNames } from '../lists/compare.ts';
import { accessOf } from '../session/roles.ts';
import type { CommandChoice, CommandContext, CommandTarget, ConsoleCommand } from './command.ts';
import { DeleteDialog } from './delete-dialog.tsx';
import { MoveDialog } from './move-dialog.tsx';
import { nodeRefusal } from './node-refusal.ts';
import { outcomes } from './pending.ts';

/*
 * Every command on the cluster's objects, in menu and toolbar order: one entry each (see
 * command.ts). Adding a command is adding an entry here.
 */

type ObjectKind = 'group' | 'resource' | 'node' | 'resourceType';

const isObject = (target: CommandTarget, kind: ObjectKind) => target.kind === kind;
const isGroupOrResource = (target: CommandTarget): target is { kind: 'group' | 'resource'; name: string } =>
  target.kind === 'group' || target.kind === 'resource';

const stateOf = (target: CommandTarget, context: CommandContext): string | undefined => {
  if (target.kind === 'group') return context.cluster.groups.get(target.name)?.state;
  if (target.kind === 'resource') return context.cluster.resources.get(target.name)?.state;
  if (target.kind === 'node') return context.cluster.nodes.get(target.name)?.state;
  return undefined;
};

const busy = (target: CommandTarget, context: CommandContext) =>
  context.isPending(target) ? `A command on ${target.name} is still running` : undefined;

/** The group or resource an invocation names (the entries below apply to nothing else). */
const objectOf = (target: CommandTarget): { kind: 'group' | 'resource'; name: string } => {
  if (!isGroupOrResource(target)) throw new Error(`${target.name} is not a group or a resource`);
  return { kind: target.kind, name: target.name };
};

export const consoleCommands: readonly ConsoleCommand[] = [
  {
    id: 'bring-online',
    label: 'Bring Online',
    icon: '▲',
    iconTone: 'online',
    section: 'operate',
    access: accessOf('bring-group-online', 'bring-resource-online'),
    shortcut: { key: 'o', label: 'O' },
    appliesTo: isGroupOrResource,
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Online' ? `${t.name} is already Online` : undefined),
    send: ({ target }, { client }) => {
      const { kind, name } = objectOf(target);
      return kind === 'group' ? client.groups.online(name) : client.resources.online(name);
    },
    pendingLabel: () => 'Bringing online…',
    outcome: ({ target }) => outcomes.online(objectOf(target).kind, target.name),
    failureTitle: ({ target }) => `Could not bring ${target.name} online`,
  },
  {
    id: 'take-offline',
    label: 'Take Offline',
    icon: '▼',
    section: 'operate',
    access: accessOf('take-group-offline', 'take-resource-offline'),
    shortcut: { key: 'f', label: 'F' },
    appliesTo: isGroupOrResource,
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Offline' ? `${t.name} is already Offline` : undefined),
    send: ({ target }, { client }) => {
      const { kind, name } = objectOf(target);
      return kind === 'group' ? client.groups.offline(name) : client.resources.offline(name);
    },
    pendingLabel: () => 'Taking offline…',
    outcome: ({ target }) => outcomes.offline(objectOf(target).kind, target.name),
    failureTitle: ({ target }) => `Could not take ${target.name} offline`,
  },
  {
    id: 'initiate-failure',
    label: 'Initiate Failure',
    icon: '✕',
    iconTone: 'failed',
    section: 'operate',
    access: accessOf('initiate-failure'),
    shortcut: { key: 'I', shift: true, label: 'Shift+I' },
    appliesTo: (t) => isObject(t, 'resource'),
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) !== 'Online' ? `${t.name} is not Online` : undefined),
    send: ({ target }, { client }) => client.resources.fail(target.name),
    pendingLabel: () => 'Initiating failure…',
    outcome: ({ target }) => outcomes.failed(target.name),
    failureTitle: ({ target }) => `Could not initiate a failure of ${target.name}`,
  },
  {
    id: 'move-group',
    label: 'Move Group',
    icon: '⇄',
    section: 'operate',
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
    // Every move shows the engine's plan first; the dialog's Move sends it.
    dialog: ({ target, node }) => ({
      key: `move:${target.name}`,
      render: ({ onClose }) => <MoveDialog group={target.name} {...(node ? { node } : {})} onClose={onClose} />,
    }),
    send: ({ target, node }, { client }) => client.groups.move(target.name, node ? { node } : {}),
    pendingLabel: ({ node }) => (node ? `Moving to ${node}…` : 'Moving…'),
    outcome: ({ target, node }, reply) =>
      outcomes.moved(target.name, (reply as { targetNode?: string } | undefined)?.targetNode ?? node ?? ''),
    failureTitle: ({ target, node }) => `Could not move ${target.name}${node ? ` to ${node}` : ''}`,
  },
  {
    id: 'pause-node',
    label: 'Pause Node',
    icon: '❚❚',
    toolbarSlot: 'pause',
    section: 'operate',
    access: accessOf('pause-node'),
    shortcut: { key: 'p', label: 'P' },
    appliesTo: (t, c) => isObject(t, 'node') && c.cluster.nodes.get(t.name)?.paused !== true,
    disabledReason: (t, c) => busy(t, c) ?? (stateOf(t, c) === 'Down' ? `${t.name} is Down` : undefined),
    send: ({ target }, { client }) => client.nodes.pause(target.name),
    pendingLabel: () => 'Pausing…',
    outcome: ({ target }) => outcomes.paused(target.name, true),
    failureTitle: ({ target }) => `Could not pause ${target.name}`,
  },
  {
    id: 'resume-node',
    label: 'Resume Node',
    icon: '▶',
    toolbarSlot: 'pause',
    section: 'operate',
    access: accessOf('resume-node'),
    shortcut: { key: 'p', label: 'P' },
    appliesTo: (t, c) => isObject(t, 'node') && c.cluster.nodes.get(t.name)?.paused === true,
    disabledReason: (t, c) => busy(t, c),
    send: ({ target }, { client }) => client.nodes.resume(target.name),
    pendingLabel: () => 'Resuming…',
    outcome: ({ target }) => outcomes.paused(target.name, false),
    failureTitle: ({ target }) => `Could not resume ${target.name}`,
  },
  {
    id: 'new-group',
    label: 'New Group…',
    icon: '+',
    section: 'create',
    access: accessOf('create-group'),
    appliesTo: (t) => t.kind !== 'resourceType' && t.kind !== 'node' && t.kind !== 'user',
    dialog: () => ({
      key: 'new-group',
      render: ({ onClose, onSelect }) => (
        <NewGroupWizard
          onClose={onClose}
          onCreated={(name) => {
            onClose();
            onSelect({ kind: 'group', name });
          }}
        />
      ),
    }),
  },
  {
    id: 'new-resource',
    label: 'New Resource…',
    icon: '+',
    section: 'create',
    access: accessOf('create-resource'),
    appliesTo: (t) => t.kind !== 'resourceType' && t.kind !== 'node' && t.kind !== 'user',
    disabledReason: (_t, c) => (c.cluster.groups.size === 0 ? 'Create a group first' : undefined),
    dialog: ({ target }, context) => {
      // Started from a group or one of its resources, the wizard puts the resource there.
      const group =
        target.kind === 'group'
          ? target.name
          : target.kind === 'resource'
            ? context?.cluster.resources.get(target.name)?.group
            : undefined;
      return {
        key: 'new-resource',
        render: ({ onClose, onSelect }) => (
          <NewResourceWizard
            {...(group ? { group } : {})}
            onClose={onClose}
            onCreated={(name) => {
              onClose();
              onSelect({ kind: 'resource', name });
            }}
          />
        ),
      };
    },
  },
  {
    id: 'delete',
    label: 'Delete',
    icon: '−',
    iconTone: 'failed',
    section: 'delete',
    access: accessOf('delete-group', 'delete-resource'),
    shortcut: { key: 'Delete', label: 'Delete' },
    appliesTo: isGroupOrResource,
    disabledReason: (t, c) => busy(t, c),
    // Confirmed first, as Cluster Administrator asks; the dialog's Delete sends it.
    dialog: ({ target }) => {
      const object = objectOf(target);
      return {
        key: `delete:${object.kind}:${object.name}`,
        render: ({ onClose }) => <DeleteDialog target={object} onClose={onClose} />,
      };
    },
    send: ({ target }, { client }) => {
      const { kind, name } = objectOf(target);
      return kind === 'group' ? client.groups.delete(name) : client.resources.delete(name);
    },
    pendingLabel: () => 'Deleting…',
    outcome: ({ target }) => outcomes.gone(objectOf(target).kind, target.name),
    failureTitle: ({ target }) => `Could not delete ${target.name}`,
  },
  {
    id: 'properties',
    label: 'Properties',
    icon: '☰',
    section: 'view',
    access: 'viewer',
    shortcut: { key: 'Enter', label: 'Enter' },
    appliesTo: (t) => t.kind !== 'folder' && t.kind !== 'user',
    dialog: ({ target }) =>
      target.kind === 'folder' || target.kind === 'user'
        ? undefined
        : {
            key: `properties:${target.kind}:${target.name}`,
            render: ({ onClose }) => <PropertiesDialog target={target} onClose={onClose} />,
          },
  },
];
