import type { QueryClient } from '@tanstack/react-query';
import type { WolfpackClient } from '@wolfpack/client';
import type { Access, Role } from '@wolfpack/contracts';
import type { DialogRequest } from '../app/dialogs.tsx';
import type { Notification } from '../app/notifications.tsx';
import type { Selection } from '../app/selection.ts';
import type { ClusterCache } from '../live/cluster-cache.ts';

/*
 * What a console command is: one entry holding everything the toolbar, the menus, the
 * keys, the dialog host and the provider that sends it need. They are generic over
 * entries; a command is written once, in its list (actions/console-commands.tsx for the
 * cluster's objects, session/session-commands.ts for the user's menu; a type's panel
 * commands become entries in panels/commands.ts).
 */

/** What a command acts on: the cluster, a cluster object, a folder of the tree (for New …), or the signed-in user. */
export type CommandTarget =
  | { kind: 'cluster' | 'group' | 'resource' | 'node' | 'resourceType'; name: string }
  | { kind: 'folder'; name: string; selection: Selection }
  | { kind: 'user'; name: string };

/** One request to run a command: from the toolbar, a menu, a key, or a drop. */
export interface CommandInvocation {
  /** The entry's id. */
  command: string;
  target: CommandTarget;
  /** A choice's node (Move Group ▸ a node); absent for "Best possible node". */
  node?: string;
}

/** What commands need to know to decide whether they apply. */
export interface CommandContext {
  role: Role | undefined;
  cluster: ClusterCache;
  /** A command of the console is running on this object. */
  isPending(target: CommandTarget): boolean;
}

/** What `send` may use: the console's one client (every call typed by its endpoint), and the query cache. */
export interface CommandServices {
  client: WolfpackClient;
  queryClient: QueryClient;
  /** The live cluster when the command was sent (absent outside the live console, e.g. the user's menu in tests). */
  cluster: ClusterCache | undefined;
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

/**
 * Menus put a separator where the section changes, and show entries in this order
 * (stable within a section): a type's panel commands come just before Properties.
 */
export const commandSections = ['operate', 'create', 'delete', 'extension', 'view', 'account', 'session'] as const;
export type CommandSection = (typeof commandSections)[number];

export interface ConsoleCommand {
  /** Unique among the console's commands; the menu item's key. */
  id: string;
  label: string;
  /** The role it needs: that of the engine commands it sends (the endpoint table's), or viewer for what only reads. */
  access: Access;
  section: CommandSection;
  /** The toolbar shows a button for each command with an icon. */
  icon?: string;
  /** The icon's colour, when not the accent: that of an Online or a Failed state. */
  iconTone?: 'online' | 'failed';
  /** Commands sharing a slot share one toolbar button: the one that applies (Pause Node or Resume Node), else the first. */
  toolbarSlot?: string;
  shortcut?: Shortcut;
  /** Shown for this target at all. */
  appliesTo(target: CommandTarget, context: CommandContext): boolean;
  /** Shown but unavailable, and why (a person sees the reason as the item's description). */
  disabledReason?(target: CommandTarget, context: CommandContext): string | undefined;
  /** Commands with choices (Move Group): a submenu, and a menu from the toolbar button. */
  choices?(target: CommandTarget, context: CommandContext): CommandChoice[];
  /** Commands asked first (or that are only a dialog) open this; the dialog sends the command itself. */
  dialog?(invocation: CommandInvocation, context: CommandContext | undefined): DialogRequest | undefined;
  /** The request; its reply goes to `outcome` and `succeeded`. A rejection is shown under `failureTitle`. */
  send?(invocation: CommandInvocation, services: CommandServices): Promise<unknown>;
  /** What the object shows while the command runs: it is pending from sending until `outcome` holds. Untracked without. */
  pendingLabel?(invocation: CommandInvocation): string;
  /** True once the live cluster shows what the accepted command does. */
  outcome?(invocation: CommandInvocation, reply: unknown): (cluster: ClusterCache) => boolean;
  /** "Could not bring SOCKET_GROUP online": the headline of a refused command (default: "Could not complete the command on …"). */
  failureTitle?(invocation: CommandInvocation): string;
  /** A note for the person when it succeeds (commands whose outcome is not seen on the cluster). */
  succeeded?(invocation: CommandInvocation, reply: unknown): Omit<Notification, 'id'> | undefined;
}
