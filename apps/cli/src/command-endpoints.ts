import type { Command } from 'commander';
import type { Endpoints } from '@wolfpack/contracts';

/*
 * Which REST endpoints each command calls, declared next to its grammar. "Every REST
 * endpoint has a command": the test walks the command tree and the endpoint table, and
 * checks each declaration against the source of the command's own actions file.
 */

/** An endpoint of the table by family and name: `groups.move`. */
export type EndpointKey = { [F in keyof Endpoints]: `${F}.${keyof Endpoints[F] & string}` }[keyof Endpoints];

const declared = new WeakMap<Command, readonly EndpointKey[]>();

/** Declares the endpoints `command` calls; returns the command for chaining. */
export function calls(command: Command, ...endpoints: EndpointKey[]): Command {
  declared.set(command, endpoints);
  return command;
}

/** The endpoints a command declared (none for a family or a local command). */
export function endpointsCalledBy(command: Command): readonly EndpointKey[] {
  return declared.get(command) ?? [];
}

/** Every command under `command`, depth first, with the words that lead to it ("group move"). */
export function commandsOf(command: Command, path: string[] = []): { path: string; command: Command }[] {
  return command.commands.flatMap((sub) => [
    { path: [...path, sub.name()].join(' '), command: sub },
    ...commandsOf(sub, [...path, sub.name()]),
  ]);
}
