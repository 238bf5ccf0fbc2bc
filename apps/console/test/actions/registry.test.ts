import { describe, expect, it } from 'vitest';
import { commandAccess, type Role } from '@wolfpack/contracts';
import {
  commandById,
  commandForKey,
  commandsFor,
  dropInvocation,
  nodeRefusal,
  type CommandContext,
  type CommandTarget,
} from '../../src/actions/registry.ts';
import { accessOf } from '../../src/session/roles.ts';
import { cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { node, resource, seedSnapshot } from '../fixtures.ts';

const group: CommandTarget = { kind: 'group', name: 'SOCKET_GROUP' };
const chat: CommandTarget = { kind: 'resource', name: 'SOCKET_SERVER' };

function context(
  role: Role | undefined,
  change?: (snapshot: ReturnType<typeof seedSnapshot>) => void,
  pending: string[] = [],
): CommandContext {
  const snapshot = seedSnapshot();
  change?.(snapshot);
  return { role, cluster: cacheFromSnapshot(snapshot), isPending: (target) => pending.includes(target.name) };
}

const ids = (target: CommandTarget, ctx: CommandContext) => commandsFor(target, ctx).map((entry) => entry.command.id);
const key = (k: string, shiftKey = false) => ({ key: k, shiftKey, ctrlKey: false, altKey: false, metaKey: false });

describe('commandsFor', () => {
  it('a viewer sees no mutating command, only Properties', () => {
    expect(ids(group, context('viewer'))).toEqual(['properties']);
    expect(ids({ kind: 'node', name: 'OSDB_SERV' }, context('viewer'))).toEqual(['properties']);
  });

  it('an operator operates but creates, deletes and edits nothing', () => {
    expect(ids(group, context('operator'))).toEqual(['bring-online', 'take-offline', 'move-group', 'properties']);
    expect(ids(chat, context('operator'))).toEqual(['bring-online', 'take-offline', 'initiate-failure', 'properties']);
    expect(ids({ kind: 'node', name: 'OSDB_SERV' }, context('operator'))).toEqual(['pause-node', 'properties']);
  });

  it('an admin also creates and deletes', () => {
    expect(ids(group, context('admin'))).toEqual([
      'bring-online',
      'take-offline',
      'move-group',
      'new-group',
      'new-resource',
      'delete',
      'properties',
    ]);
    expect(ids({ kind: 'folder', name: 'Groups', selection: { kind: 'groups' } }, context('admin'))).toEqual([
      'new-group',
      'new-resource',
    ]);
  });

  it('the cluster itself has Properties for every role (Enter opens it), and New … for admins', () => {
    const root: CommandTarget = { kind: 'cluster', name: 'INS_CLUS' };
    expect(ids(root, context('viewer'))).toEqual(['properties']);
    expect(ids(root, context('operator'))).toEqual(['properties']);
    expect(ids(root, context('admin'))).toEqual(['new-group', 'new-resource', 'properties']);
    expect(commandForKey(key('Enter'), root, context('viewer'))).toEqual({ command: 'properties', target: root });
  });

  it('says why a command is unavailable now', () => {
    const entries = commandsFor(group, context('operator'));
    expect(entries.find((e) => e.command.id === 'bring-online')?.disabledReason).toBe('SOCKET_GROUP is already Online');
    expect(entries.find((e) => e.command.id === 'take-offline')?.disabledReason).toBeUndefined();
    const busy = commandsFor(group, context('operator', undefined, ['SOCKET_GROUP']));
    expect(busy.find((e) => e.command.id === 'take-offline')?.disabledReason).toMatch(/still running/);
  });

  it('offers Move Group to each node, refusing the owner and nodes that cannot take it, then the best possible node', () => {
    const ctx = context('operator', (s) => s.nodes.push(node('NODE3', { paused: true, state: 'Paused' })));
    const move = commandsFor(group, ctx).find((e) => e.command.id === 'move-group')!;
    expect(move.choices).toEqual([
      { label: 'NODE3', node: 'NODE3', disabledReason: 'NODE3 is Paused' },
      { label: 'OSDB_BACK', node: 'OSDB_BACK' },
      { label: 'OSDB_SERV', node: 'OSDB_SERV', disabledReason: 'SOCKET_GROUP is on OSDB_SERV already' },
      { label: 'Best possible node' },
    ]);
  });

  it('Resume Node replaces Pause Node on a paused node', () => {
    const ctx = context('operator', (s) => (s.nodes[0] = node('OSDB_SERV', { paused: true, state: 'Paused' })));
    expect(ids({ kind: 'node', name: 'OSDB_SERV' }, ctx)).toEqual(['resume-node', 'properties']);
  });
});

describe('nodeRefusal', () => {
  it('refuses a node that is not a possible owner of every resource', () => {
    const ctx = context('admin', (s) => (s.resources[0] = resource('SOCKET_IP', { possibleOwners: ['OSDB_SERV'] })));
    expect(nodeRefusal(ctx.cluster, 'SOCKET_GROUP', 'OSDB_BACK')).toBe(
      'OSDB_BACK is not a possible owner of SOCKET_IP',
    );
    expect(nodeRefusal(ctx.cluster, 'SOCKET_GROUP', 'NOPE')).toBe('Node NOPE does not exist');
  });
});

describe('commandForKey', () => {
  it('maps keys to the commands the role may run, and only when available', () => {
    expect(commandForKey(key('f'), group, context('operator'))).toEqual({ command: 'take-offline', target: group });
    expect(commandForKey(key('o'), group, context('operator'))).toBeUndefined(); // already Online
    expect(commandForKey(key('Enter'), group, context('viewer'))).toEqual({ command: 'properties', target: group });
    expect(commandForKey(key('f'), group, context('viewer'))).toBeUndefined();
    expect(commandForKey(key('I', true), chat, context('operator'))).toEqual({
      command: 'initiate-failure',
      target: chat,
    });
    expect(commandForKey(key('i'), chat, context('operator'))).toBeUndefined(); // needs Shift
    expect(commandForKey(key('Delete'), chat, context('operator'))).toBeUndefined();
    expect(commandForKey(key('Delete'), chat, context('admin'))).toEqual({ command: 'delete', target: chat });
    expect(commandForKey({ ...key('f'), ctrlKey: true }, group, context('admin'))).toBeUndefined();
  });
});

describe('dropInvocation', () => {
  it('a group dropped on another node is a move there; on its owner or by a viewer, nothing', () => {
    expect(dropInvocation('SOCKET_GROUP', 'OSDB_BACK', context('operator'))).toEqual({
      command: 'move-group',
      target: group,
      node: 'OSDB_BACK',
    });
    expect(dropInvocation('SOCKET_GROUP', 'OSDB_SERV', context('operator'))).toBeUndefined();
    expect(dropInvocation('SOCKET_GROUP', 'OSDB_BACK', context('viewer'))).toBeUndefined();
    expect(dropInvocation('NO_GROUP', 'OSDB_BACK', context('admin'))).toBeUndefined();
  });
});

describe("each command's role is the endpoint table's", () => {
  it('a console command needs the role of the engine commands it sends', () => {
    expect(commandById.get('move-group')?.access).toBe(commandAccess['move-group']);
    expect(commandById.get('bring-online')?.access).toBe(commandAccess['bring-group-online']);
    expect(commandById.get('delete')?.access).toBe(commandAccess['delete-resource']);
    expect(commandById.get('new-resource')?.access).toBe(commandAccess['create-resource']);
    expect(commandById.get('properties')?.access).toBe('viewer');
  });

  it('of several commands, the strictest role wins', () => {
    expect(accessOf('move-group')).toBe('operator');
    expect(accessOf('move-group', 'delete-group')).toBe('admin');
    expect(accessOf('create-token', 'move-group')).toBe('operator');
  });
});
