import type { Command } from 'commander';
import { Context } from './context.ts';

/*
 * A command's grammar (src/commands) is loaded for every run, its implementation
 * (src/actions) only when the command runs: each actions file is its own chunk of the
 * bundle, so `wolfpack status` never parses the code of `wolfpack resource set`.
 */

/** What a command does: the context, then commander's positional arguments and options. */
export type Implementation<A extends unknown[]> = (context: Context, ...args: A) => Promise<void>;

/** A commander action that loads its implementation on first use. */
export function lazy<A extends unknown[]>(load: () => Promise<Implementation<A>>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const implementation = await load();
    await implementation(Context.of(command), ...(args.slice(0, -1) as A));
  };
}
