import { Option, type Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

const role = () => new Option('--role <role>', 'viewer reads; operator also brings online, takes offline, moves, pauses; admin does everything').choices(['viewer', 'operator', 'admin']);

/** `wolfpack user …`: the users who may sign in, and their roles (admin only). */
export function registerUsers(program: Command): void {
  const load = async () => import('../actions/users.ts');
  const user = program.command('user').description('users and their roles: list, create, set, delete');
  calls(user.command('list').description('every user with their role'), 'users.list').action(lazy(async () => (await load()).list));
  calls(
    user
      .command('create')
      .argument('<username>')
      .description('create a user (the password is asked twice, or read with --password-stdin)')
      .addOption(role().makeOptionMandatory())
      .option('--password-stdin', 'read the password from stdin'),
    'users.create',
  ).action(lazy(async () => (await load()).create));
  calls(
    user
      .command('set')
      .argument('<username>')
      .description('change a user\'s role or password (a new password ends their sessions)')
      .addOption(role())
      .option('--password', 'set a new password (asked twice)')
      .option('--password-stdin', 'set a new password read from stdin'),
    'users.update',
  ).action(lazy(async () => (await load()).set));
  calls(user.command('delete').argument('<username>').description('delete a user, their sessions and tokens'), 'users.delete').action(lazy(async () => (await load()).remove));
}
