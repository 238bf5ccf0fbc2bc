import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { askHidden, readStdin } from '../prompt.ts';
import { since } from '../output/time.ts';

export async function list(context: Context): Promise<void> {
  const tokens = await (await context.client()).tokens.list();
  if (context.output.json) return context.output.printJson(tokens);
  context.output.table(
    ['ID', 'NAME', 'USER', 'CREATED', 'LAST USED', 'EXPIRES'],
    tokens.map((token) => [
      token.id,
      token.name,
      token.username,
      since(token.createdAt),
      since(token.lastUsedAt),
      since(token.expiresAt),
    ]),
  );
}

/**
 * A token may not create tokens (the server refuses, so one leaked token cannot breed),
 * and the CLI acts with one: it signs in with the password for this creation alone.
 */
export async function create(
  context: Context,
  name: string,
  options: { expiresInDays?: string; passwordStdin?: boolean } = {},
): Promise<void> {
  const days = options.expiresInDays === undefined ? undefined : Number(options.expiresInDays);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 365))
    throw usageError(`--expires-in-days must be a whole number from 1 to 365, not "${options.expiresInDays}"`);
  const { user } = await (await context.client()).session.get();
  if (!options.passwordStdin && !process.stdin.isTTY)
    throw usageError('no terminal to ask the password on: pipe it in with --password-stdin');
  const password = options.passwordStdin
    ? await readStdin()
    : await askHidden(`Password for ${user} at ${context.url}: `);
  const session = await context.clientWith(undefined);
  await session.session.login({ username: user, password });
  const token = await session.tokens
    .create({ name, ...(days !== undefined ? { expiresInDays: days } : {}) })
    .finally(() => session.session.logout());
  if (context.output.json) return context.output.printJson(token);
  // The secret alone on stdout, so `TOKEN=$(wolfpack token create ci)` works.
  context.output.note(`created token ${token.id} "${token.name}" for ${token.username}; it is shown only now:`);
  context.output.line(token.token);
}

export async function revoke(context: Context, id: string): Promise<void> {
  await (await context.client()).tokens.revoke(id);
  context.output.result({ revoked: id }, () => `revoked token ${id}`);
}
