import { Option, type Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

const role = () =>
  new Option(
    '--role <role>',
    'viewer reads; operator also brings online, takes offline, moves, pauses; admin does everything',
  ).choices(['viewer', 'operator', 'admin']);

/** `wolfpack user …`: the users who may sign in, and their roles (admin only). */
export function registerUsers(program: Command): void {
  const load = actionModule('users.ts', () => import('../actions/users.ts'));
  const user = program
    .command('user')
    .description('users and their roles: list, create, set, delete; change your own password');
  runs(calls(user.command('list').description('every user with their role'), 'users.list'), load, 'list');
  runs(
    calls(
      user
        .command('create')
        .argument('<username>')
        .description('create a user (the password is asked twice, or read with --password-stdin)')
        .addOption(role().makeOptionMandatory())
        .option('--password-stdin', 'read the password from stdin'),
      'users.create',
    ),
    load,
    'create',
  );
  runs(
    calls(
      user
        .command('set')
        .argument('<username>')
        .description("change a user's role or password (a new password ends their sessions and revokes their tokens)")
        .addOption(role())
        .option('--password', 'set a new password (asked twice)')
        .option('--password-stdin', 'set a new password read from stdin'),
      'users.update',
    ),
    load,
    'set',
  );
  runs(
    calls(
      user
        .command('password')
        .description(
          "change your own password (any role): your other sessions end and your API tokens, this CLI's too, are revoked",
        )
        .option('--password-stdin', 'read the current password, then the new one, a line each from stdin'),
      'session.changePassword',
    ),
    load,
    'changeOwnPassword',
  );
  runs(
    calls(
      user.command('delete').argument('<username>').description('delete a user, their sessions and tokens'),
      'users.delete',
    ),
    load,
    'remove',
  );
}
