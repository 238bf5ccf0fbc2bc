import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `login`, `logout`, `whoami`: the session endpoints and the stored API token. */
export function registerSession(program: Command): void {
  const load = actionModule('session.ts', () => import('../actions/session.ts'));
  runs(
    calls(
      program
        .command('login')
        .description('sign in, create an API token and keep it for this URL (in $XDG_CONFIG_HOME/wolfpack, mode 0600)')
        .option('--username <name>', 'the user to sign in as (asked on a terminal)')
        .option('--password-stdin', 'read the password from stdin instead of asking'),
      'session.login',
      'tokens.create',
      'session.logout',
    ),
    load,
    'login',
  );
  runs(
    calls(program.command('logout').description('revoke the stored token of this URL and forget it'), 'tokens.revoke'),
    load,
    'logout',
  );
  runs(
    calls(program.command('whoami').description('the user and role the current credentials act as'), 'session.get'),
    load,
    'whoami',
  );
}
