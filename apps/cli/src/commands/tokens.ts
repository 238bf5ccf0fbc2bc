import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack token …`: API tokens for scripts. */
export function registerTokens(program: Command): void {
  const load = async () => import('../actions/tokens.ts');
  const token = program.command('token').description('API tokens for scripts: list, create, revoke');
  calls(token.command('list').description('your API tokens (the secrets are never shown again)'), 'tokens.list').action(lazy(async () => (await load()).list));
  calls(token.command('create').argument('<name>', 'what the token is for, e.g. "nightly backup"').description('create an API token; it is printed once'), 'tokens.create').action(
    lazy(async () => (await load()).create),
  );
  calls(token.command('revoke').argument('<id>').description('revoke an API token (yours; admins: anyone\'s)'), 'tokens.revoke').action(lazy(async () => (await load()).revoke));
}
