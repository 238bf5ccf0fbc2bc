import { hostname } from 'node:os';
import { WolfpackError } from '@wolfpack/client';
import type { Context } from '../context.ts';
import { forgetToken, storedToken, storeToken } from '../credentials.ts';
import { CliError, exitCodes, usageError } from '../exit-codes.ts';
import { ask, askHidden, readStdin } from '../prompt.ts';

/*
 * Logging in keeps an API token, not a session: a session cookie would need a CSRF token
 * on every change and ends with the server's session lifetime; a token lasts until
 * `wolfpack logout` revokes it, it expires (90 days) or the password changes.
 */

export async function login(context: Context, options: { username?: string; passwordStdin?: boolean }): Promise<void> {
  const terminal = process.stdin.isTTY === true;
  const username = options.username ?? (terminal ? await ask('Username: ') : undefined);
  if (!username) throw usageError('--username is needed when stdin is not a terminal');
  let password: string;
  if (options.passwordStdin) password = await readStdin();
  else if (terminal) password = await askHidden(`Password for ${username} at ${context.url}: `);
  else throw usageError('no terminal to ask the password on: pipe it in with --password-stdin');

  const client = await context.clientWith(undefined);
  const session = await client.session.login({ username, password }).catch((error: unknown) => {
    // Not "log in with `wolfpack login`": this is it.
    if (error instanceof WolfpackError && error.status === 401)
      throw new CliError(exitCodes.notAllowed, `${context.url} refused the login of ${username}: ${error.message}`);
    throw error;
  });
  const created = await client.tokens.create({ name: `wolfpack CLI on ${hostname()}`.slice(0, 64) });
  // The session only served to create the token.
  await client.session.logout();
  const { path, previous, movedAside } = storeToken(context.url, {
    token: created.token,
    id: created.id,
    username: created.username,
    createdAt: created.createdAt,
  });
  if (movedAside)
    context.output.note(
      `${path} was damaged (${movedAside.problem}); moved it to ${movedAside.to} and started a new file`,
    );
  if (previous) await revoke(context, previous.token, previous.id);
  const { token: _secret, ...view } = created;
  context.output.result(
    view,
    () => `Logged in to ${context.url} as ${session.user} (role ${session.role}); token ${created.id} kept in ${path}`,
  );
}

export async function logout(context: Context): Promise<void> {
  const stored = storedToken(context.url);
  if (!stored) {
    context.output.note(`not logged in at ${context.url}: no stored token`);
    return;
  }
  await revoke(context, stored.token, stored.id);
  forgetToken(context.url);
  context.output.result(
    { revoked: stored.id },
    () => `Logged out of ${context.url}: token ${stored.id} revoked and forgotten`,
  );
}

/** Revokes a token with itself; one the server no longer knows is as good as revoked. */
async function revoke(context: Context, token: string, id: string): Promise<void> {
  try {
    await (await context.clientWith(token)).tokens.revoke(id);
  } catch (error) {
    if (!(error instanceof WolfpackError && (error.status === 401 || error.status === 404))) throw error;
  }
}

export async function whoami(context: Context): Promise<void> {
  const client = await context.client();
  const session = await client.session.get();
  context.output.result(session, () => `${session.user} (role ${session.role}) at ${context.url}`);
}
