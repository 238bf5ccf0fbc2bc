import { CommandError, type CommandOf, type CommandType, type FieldError, type ObjectRef } from '@wolfpack/contracts';
import type { CommandContext } from './context.ts';

/** What a handler decided: the object it changed, a sentence for the event log, and any result data. */
export interface CommandOutcome {
  object: ObjectRef;
  message: string;
  /** move-group: the group and the node it is to move to. */
  group?: string;
  targetNode?: string;
  /** True when the command was valid but there was nothing to change. */
  noop?: boolean;
}

/** One command family's handler: reads ctx.state, fills ctx's change set, or throws CommandError. */
export type CommandHandler<T extends CommandType> = (
  context: CommandContext,
  command: CommandOf<T>,
) => CommandOutcome | Promise<CommandOutcome>;

/** A rule violation: the command is valid but the cluster's state refuses it. */
export function conflict(message: string, fields?: FieldError[]): CommandError {
  return new CommandError('conflict', message, fields);
}

/** Bad values: the message names the object and every field's rule. */
export function invalid(object: string, fields: FieldError[]): CommandError {
  return new CommandError('validation', `${object}: ${fields.map((field) => field.message).join('; ')}`, fields);
}

/** `a` or `an` before a name, for sentences like "needs an IP Address resource". */
export const article = (name: string): string => (/^[aeiou]/i.test(name) ? 'an' : 'a');

/** `A, B and C`. */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
