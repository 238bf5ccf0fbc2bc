import { Command, CommandError, type CommandType, type ObjectKind, type ObjectRef } from '@wolfpack/contracts';
import { fieldMessage, ruleOf } from '@wolfpack/contracts/schema-messages';
import { validateAgainst } from '../validation/index.ts';
import { invalid } from './outcome.ts';

/*
 * A command as received (JSON from a client) checked against its contracts schema.
 * The schema is picked by `type` first, so errors speak of the one command meant,
 * not of every member of the Command union.
 */

const schemas = new Map<string, (typeof Command.anyOf)[number]>(
  Command.anyOf.map((schema) => [String((schema.properties.type as { const: string }).const), schema]),
);

/** Every command type, in the contracts' order. */
export const commandTypes = [...schemas.keys()] as CommandType[];

/** Checks a value against the Command schema; refuses (validation) naming every bad field. */
export function parseCommand(value: unknown): Command {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = fieldMessage('command', ruleOf({ keyword: 'type', params: { type: 'object' } }));
    throw new CommandError('validation', 'a command must be an object with a "type"', [{ path: '', message }]);
  }
  const type = (value as { type?: unknown }).type;
  const schema = typeof type === 'string' ? schemas.get(type) : undefined;
  if (!schema) {
    const message = fieldMessage('type', ruleOf({ keyword: 'enum', params: { allowedValues: commandTypes } }));
    throw new CommandError('validation', `unknown command type ${JSON.stringify(type ?? null)}: ${message}`, [
      { path: 'type', message },
    ]);
  }
  const errors = validateAgainst(schema, value);
  if (errors.length > 0) {
    const name = (value as { name?: unknown }).name;
    throw invalid(typeof name === 'string' && name !== '' ? `${type} ${name}` : String(type), errors);
  }
  return structuredClone(value) as Command;
}

const nodeCommands = new Set(['create-node', 'delete-node', 'rename-node', 'pause-node', 'resume-node']);
const groupCommands = new Set([
  'create-group',
  'delete-group',
  'rename-group',
  'set-group-properties',
  'bring-group-online',
  'take-group-offline',
  'move-group',
]);

const clusterCommands = new Set(['set-cluster-properties']);

/** Commands on the cluster itself: they name no object, the cluster is theirs. */
export const isClusterCommand = (type: string): boolean => clusterCommands.has(type);

/** The object a command (even a malformed one) is about, for the audit log. */
export function commandObject(value: unknown): ObjectRef {
  const record = typeof value === 'object' && value !== null ? (value as { type?: unknown; name?: unknown }) : {};
  const type = typeof record.type === 'string' ? record.type : '';
  const name = typeof record.name === 'string' ? record.name : '';
  const kind: ObjectKind = nodeCommands.has(type)
    ? 'node'
    : groupCommands.has(type)
      ? 'group'
      : schemas.has(type) && !clusterCommands.has(type)
        ? 'resource'
        : 'cluster';
  return { kind, name };
}
