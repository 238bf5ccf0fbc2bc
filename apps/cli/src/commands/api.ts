import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack api …`: the REST API itself, and `wolfpack completion bash`. */
export function registerApi(program: Command): void {
  const api = program
    .command('api')
    .description('the REST API itself: its OpenAPI document, and which command calls each endpoint');
  const load = actionModule('api.ts', () => import('../actions/api.ts'));
  runs(
    calls(api.command('openapi').description('the OpenAPI 3 document of the REST API (JSON)'), 'docs.openapi'),
    load,
    'openapi',
  );
  // These two read the command tree, not a server: they take the command, not a context.
  api
    .command('endpoints')
    .description('every REST endpoint with the role it needs and the wolfpack command that calls it')
    .action(async (_options: unknown, command: Command) => (await load.load()).endpoints(command));

  program
    .command('completion')
    .argument('<shell>', 'bash')
    .description('print a completion script: source <(wolfpack completion bash)')
    .action(async (shell: string, _options: unknown, command: Command) =>
      (await load.load()).completion(shell, command),
    );
}
