import type { Command } from 'commander';
import { Context } from './context.ts';

/*
 * A command's grammar (src/commands) is loaded for every run, its implementation
 * (src/actions) only when the command runs: each actions file is its own chunk of the
 * bundle, so `wolfpack status` never parses the code of `wolfpack resource set`. Which
 * file and function implement a command is kept as data, so the every-endpoint test can
 * check each command's own actions file, not all of them at once.
 */

/** What a command does: the context, then commander's positional arguments and options. */
export type Implementation<A extends unknown[]> = (context: Context, ...args: A) => Promise<void>;

/** An actions file: its name under src/actions, and the import that loads it. */
export interface ActionModule<M> {
  readonly file: string;
  load(): Promise<M>;
}

/** `actionModule('groups.ts', () => import('../actions/groups.ts'))`: the import stays literal, for esbuild to split on. */
export function actionModule<M>(file: string, load: () => Promise<M>): ActionModule<M> {
  return { file, load };
}

/** The names of a module's exports that are command implementations. */
type ImplementationsOf<M> = {
  [K in keyof M]: M[K] extends (context: Context, ...args: never[]) => Promise<void> ? K : never;
}[keyof M] &
  string;

/** Where a command's action lives: the actions file, its loader, and the export. */
export interface ImplementedBy {
  file: string;
  load(): Promise<unknown>;
  name: string;
}

const implementations = new WeakMap<Command, ImplementedBy>();

/** Makes the export `name` of `module` the command's action, loaded on first use; returns the command. */
export function runs<M, K extends ImplementationsOf<M>>(command: Command, module: ActionModule<M>, name: K): Command {
  implementations.set(command, { file: module.file, load: module.load, name });
  return command.action(async (...args: unknown[]) => {
    const invoked = args.at(-1) as Command;
    const implementation = (await module.load())[name] as Implementation<unknown[]>;
    await implementation(Context.of(invoked), ...args.slice(0, -1));
  });
}

/** The actions file and export a command runs (none for a family, or a command that runs in place). */
export function implementationOf(command: Command): ImplementedBy | undefined {
  return implementations.get(command);
}
