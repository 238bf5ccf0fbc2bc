import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack token …`: API tokens for scripts. */
export function registerTokens(program: Command): void {
  const load = actionModule('tokens.ts', () => import('../actions/tokens.ts'));
  const token = program.command('token').description('API tokens for scripts: list, create, revoke');
  runs(
    calls(token.command('list').description('your API tokens (the secrets are never shown again)'), 'tokens.list'),
    load,
    'list',
  );
  runs(
    calls(
      token
        .command('create')
        .argument('<name>', 'what the token is for, e.g. "nightly backup"')
        .option('--expires-in-days <days>', 'days until it stops working (1 to 365; default 90)')
        .option('--password-stdin', 'read your password from stdin instead of asking')
        .description(
          'create an API token, signing in with your password for it (a token may not create tokens); it is printed once',
        ),
      'session.get',
      'session.login',
      'tokens.create',
      'session.logout',
    ),
    load,
    'create',
  );
  runs(
    calls(
      token.command('revoke').argument('<id>').description("revoke an API token (yours; admins: anyone's)"),
      'tokens.revoke',
    ),
    load,
    'revoke',
  );
}
