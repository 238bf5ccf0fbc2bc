import { describe, expect, it } from 'vitest';
import type { Role } from '@wolfpack/contracts';
import { menuEntries } from '../../src/actions/command-entries.ts';
import { commands, commandsFor, type CommandContext, type CommandTarget } from '../../src/actions/registry.ts';
import { cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { panelConsoleCommand, type PanelCommandEntry } from '../../src/panels/commands.ts';
import { sessionCommands, sessionContextOf } from '../../src/session/session-commands.tsx';
import { seedSnapshot } from '../fixtures.ts';

// Menus are built from command entries alone: their order and separators come from the
// entries' sections, a type's panel commands are entries like the console's own, and the
// user's menu is one more list of the same shape.

const context = (role: Role): CommandContext => ({
  role,
  cluster: cacheFromSnapshot(seedSnapshot()),
  isPending: () => false,
});
const chat: CommandTarget = { kind: 'resource', name: 'SOCKET_SERVER' };

/** A menu as a person reads it: labels, a bar where a separator is, and (disabled) markers. */
const read = (target: CommandTarget, ctx: CommandContext, list = commands) =>
  menuEntries(target, commandsFor(target, ctx, list), () => undefined).map(
    (entry) => `${entry.separatorBefore ? '| ' : ''}${entry.label}${entry.disabledReason ? ' (disabled)' : ''}`,
  );

const panelCommand = (extra: Partial<PanelCommandEntry> = {}): PanelCommandEntry => ({
  key: 'Chat Server/show-connected-users',
  type: 'Chat Server',
  label: 'Show connected users',
  readOnly: true,
  isEnabled: (resource) => resource.state === 'Online',
  run: async () => ({ ok: true, message: undefined }),
  ...extra,
});

describe('menus from command entries', () => {
  it('put a separator where the section changes', () => {
    expect(read({ kind: 'group', name: 'SOCKET_GROUP' }, context('admin'))).toEqual([
      'Bring Online (disabled)',
      'Take Offline',
      'Move Group',
      '| New Group…',
      'New Resource…',
      '| Delete',
      '| Properties',
    ]);
    expect(read({ kind: 'node', name: 'OSDB_SERV' }, context('operator'))).toEqual(['Pause Node', '| Properties']);
  });

  it("show a type's panel commands just before Properties, for the roles they allow and only on that type's resources", () => {
    const withPanel = [
      ...commands,
      panelConsoleCommand(panelCommand()),
      panelConsoleCommand(panelCommand({ key: 'Chat Server/kick', label: 'Kick everyone', readOnly: false })),
    ];
    expect(read(chat, context('viewer'), withPanel)).toEqual(['Show connected users', '| Properties']);
    expect(read(chat, context('admin'), withPanel)).toEqual([
      'Bring Online (disabled)',
      'Take Offline',
      'Initiate Failure',
      '| New Group…',
      'New Resource…',
      '| Delete',
      '| Show connected users',
      'Kick everyone',
      '| Properties',
    ]);
    expect(read({ kind: 'resource', name: 'SOCKET_DISK' }, context('admin'), withPanel)).not.toContain(
      'Show connected users',
    );
    const offline = context('viewer');
    offline.cluster = cacheFromSnapshot({
      ...seedSnapshot(),
      resources: seedSnapshot().resources.map((r) => ({ ...r, state: 'Offline' as const })),
    });
    expect(read(chat, offline, withPanel)).toEqual(['Show connected users (disabled)', '| Properties']);
  });

  it("build the user's menu: Users… for admins only, Log out after a separator and disabled while it is being sent", () => {
    const user: CommandTarget = { kind: 'user', name: 'victor' };
    expect(read(user, sessionContextOf('viewer', false), sessionCommands)).toEqual(['Change Password…', '| Log out']);
    expect(read(user, sessionContextOf('admin', false), sessionCommands)).toEqual([
      'Change Password…',
      'Users…',
      '| Log out',
    ]);
    expect(read(user, sessionContextOf('operator', true), sessionCommands)).toEqual([
      'Change Password…',
      '| Log out (disabled)',
    ]);
    // The user's commands are not the objects' (the toolbar shows neither list's entries for the other's targets).
    expect(read(user, context('admin'))).toEqual([]);
    expect(read(chat, sessionContextOf('admin', false), sessionCommands)).toEqual([]);
  });
});
