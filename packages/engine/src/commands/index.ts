/** Administrative commands: validated, applied whole in one guarded store txn, audited. */
export { executeCommand, planMoveCommand, type CommandResult, type ExecuteOptions } from './execute.ts';
export { commandObject, commandTypes, parseCommand } from './parse.ts';
export type { CommandOutcome } from './outcome.ts';
export { mergePrivateProperties, validateResourceProperties, type PropertyCheckTarget } from './resource-properties.ts';
