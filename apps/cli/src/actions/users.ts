import type { Role } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { since } from '../output/time.ts';
import { forgetToken } from '../credentials.ts';
import { askHidden, newPassword, readStdin } from '../prompt.ts';

export async function list(context: Context): Promise<void> {
  const users = await (await context.client()).users.list();
  if (context.output.json) return context.output.printJson(users);
  context.output.table(
    ['USERNAME', 'ROLE', 'CREATED', 'CHANGED'],
    users.map((user) => [user.username, user.role, since(user.createdAt), since(user.updatedAt)]),
  );
}

export async function create(
  context: Context,
  username: string,
  options: { role: Role; passwordStdin?: boolean },
): Promise<void> {
  const password = await newPassword(options.passwordStdin);
  const user = await (await context.client()).users.create({ username, password, role: options.role });
  context.output.result(user, () => `created user ${user.username} (role ${user.role})`);
}

export async function set(
  context: Context,
  username: string,
  options: { role?: Role; password?: boolean; passwordStdin?: boolean },
): Promise<void> {
  const wantsPassword = options.password === true || options.passwordStdin === true;
  if (!options.role && !wantsPassword)
    throw usageError('nothing to change: give --role, --password or --password-stdin');
  const password = wantsPassword ? await newPassword(options.passwordStdin) : undefined;
  const user = await (await context.client()).users.update(username, {
    ...(options.role ? { role: options.role } : {}),
    ...(password !== undefined ? { password } : {}),
  });
  context.output.result(
    user,
    () =>
      `changed user ${user.username}: ${[options.role ? `role ${user.role}` : '', password !== undefined ? 'new password' : ''].filter(Boolean).join(', ')}`,
  );
}

export async function remove(context: Context, username: string): Promise<void> {
  await (await context.client()).users.delete(username);
  context.output.result({ deleted: username }, () => `deleted user ${username}, their sessions and tokens`);
}

/** Your own password; every API token of yours is revoked with it, so the stored one is forgotten. */
export async function changeOwnPassword(context: Context, options: { passwordStdin?: boolean }): Promise<void> {
  let currentPassword: string;
  let password: string;
  if (options.passwordStdin) {
    const [current, next, ...rest] = (await readStdin()).split(/\r?\n/);
    if (current === undefined || next === undefined || rest.length > 0)
      throw usageError('--password-stdin reads two lines: the current password, then the new one');
    [currentPassword, password] = [current, next];
  } else {
    if (!process.stdin.isTTY)
      throw usageError('no terminal to ask the passwords on: pipe them in with --password-stdin');
    currentPassword = await askHidden('Current password: ');
    password = await newPassword(false);
  }
  const client = await context.client();
  const { user } = await client.session.get();
  await client.session.changePassword({ currentPassword, newPassword: password });
  forgetToken(context.url);
  context.output.result(
    { user, changed: 'password' },
    () => `changed the password of ${user}; your API tokens were revoked: run wolfpack login again`,
  );
}
