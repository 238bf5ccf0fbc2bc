import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `login`, `logout`, `whoami`: the session endpoints and the stored API token. */
export function registerSession(program: Command): void {
  const load = async () => import('../actions/session.ts');
  calls(
    program
      .command('login')
      .description('sign in, create an API token and keep it for this URL (in $XDG_CONFIG_HOME/wolfpack, mode 0600)')
      .option('--username <name>', 'the user to sign in as (asked on a terminal)')
      .option('--password-stdin', 'read the password from stdin instead of asking'),
    'session.login', 'tokens.create', 'session.logout',
  ).action(lazy(async () => (await load()).login));
  calls(program.command('logout').description('revoke the stored token of this URL and forget it'), 'tokens.revoke').action(
    lazy(async () => (await load()).logout),
  );
  calls(program.command('whoami').description('the user and role the current credentials act as'), 'session.get').action(
    lazy(async () => (await load()).whoami),
  );
}
