import { Command, Option } from 'commander';
import manifest from '../package.json' with { type: 'json' };
import { registerApi } from './commands/api.ts';
import { registerCluster } from './commands/cluster.ts';
import { registerEvents } from './commands/events.ts';
import { registerGroups } from './commands/groups.ts';
import { registerNodes } from './commands/nodes.ts';
import { registerResources } from './commands/resources.ts';
import { registerSession } from './commands/session.ts';
import { registerStatus } from './commands/status.ts';
import { registerTokens } from './commands/tokens.ts';
import { registerTypes } from './commands/types.ts';
import { registerUsers } from './commands/users.ts';

/*
 * The whole `wolfpack` grammar: global options, then one family per file in commands/.
 * Building it loads no command's implementation and no client, so --help, completion
 * and the every-endpoint test stay cheap.
 */

export const defaultUrl = 'http://127.0.0.1:8080';

const exitCodeHelp = `
Exit codes:
  0  done
  1  cannot reach the server (or it failed)
  2  refused or invalid: bad arguments, or the server refused (the message names the field),
     or --wait learnt the target cannot be reached (a move refused, a resource left Failed)
  3  --wait timed out (the command goes on on the server)
  4  not logged in (401), or your role is too low (403)

Docs: docs/cli.md. Every command takes --json for the API's JSON, e.g. wolfpack status --json | jq .groups`;

export function buildProgram(): Command {
  const program = new Command('wolfpack')
    .description('Run a Wolfpack failover cluster from a shell: status, nodes, groups, resources, events, users')
    .version(manifest.version, '-V, --version')
    .addOption(new Option('--url <url>', 'the server').env('WOLFPACK_URL').default(defaultUrl))
    .addOption(
      new Option('--token <token>', 'an API token (default: the one `wolfpack login` stored for the URL)').env(
        'WOLFPACK_TOKEN',
      ),
    )
    .option('--json', "print the API's JSON replies unchanged (for jq)")
    .option('--no-color', 'no colours (NO_COLOR=1 does the same)')
    .addHelpText('after', exitCodeHelp)
    .showSuggestionAfterError()
    // Usage errors are thrown, not exited on, so main() gives them exit code 2.
    .exitOverride();
  // Commander prints its own one-line message for bad arguments; subcommands inherit this.
  program.configureOutput({ outputError: (message, write) => write(message) });

  registerStatus(program);
  registerSession(program);
  registerCluster(program);
  registerNodes(program);
  registerGroups(program);
  registerResources(program);
  registerTypes(program);
  registerEvents(program);
  registerUsers(program);
  registerTokens(program);
  registerApi(program);
  return program;
}
