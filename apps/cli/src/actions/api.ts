import { everyEndpoint } from '@wolfpack/contracts';
import type { Command } from 'commander';
import { bashCompletion } from '../completion.ts';
import { commandsOf, endpointsCalledBy, type EndpointKey } from '../command-endpoints.ts';
import { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';

export async function openapi(context: Context): Promise<void> {
  // JSON with or without --json: the document is for tools.
  context.output.printJson(await (await context.client()).docs.openapi());
}

const rootOf = (command: Command): Command => (command.parent ? rootOf(command.parent) : command);

export async function endpoints(command: Command): Promise<void> {
  const context = Context.of(command);
  const commands = commandsOf(rootOf(command));
  const rows = everyEndpoint().map(({ family, name, endpoint }) => {
    const key = `${family}.${name}`;
    const callers = commands
      .filter((candidate) => endpointsCalledBy(candidate.command).includes(key as EndpointKey))
      .map((candidate) => `wolfpack ${candidate.path}`);
    return {
      endpoint: key,
      method: endpoint.method,
      path: `/api/v1${endpoint.path}`,
      access: endpoint.access,
      commands: callers,
    };
  });
  if (context.output.json) return context.output.printJson(rows);
  context.output.table(
    ['ENDPOINT', 'METHOD', 'PATH', 'ROLE', 'COMMAND'],
    rows.map((row) => [row.endpoint, row.method, row.path, row.access, row.commands.join(', ') || '(none yet)']),
  );
}

export async function completion(shell: string, command: Command): Promise<void> {
  if (shell !== 'bash') throw usageError(`completion ${shell}: only bash is supported`);
  process.stdout.write(bashCompletion(rootOf(command)));
}
