import type { Context } from '../context.ts';
import { since } from '../output/time.ts';

export async function list(context: Context): Promise<void> {
  const tokens = await (await context.client()).tokens.list();
  if (context.output.json) return context.output.printJson(tokens);
  context.output.table(
    ['ID', 'NAME', 'USER', 'CREATED', 'LAST USED'],
    tokens.map((token) => [token.id, token.name, token.username, since(token.createdAt), since(token.lastUsedAt)]),
  );
}

export async function create(context: Context, name: string): Promise<void> {
  const token = await (await context.client()).tokens.create({ name });
  if (context.output.json) return context.output.printJson(token);
  // The secret alone on stdout, so `TOKEN=$(wolfpack token create ci)` works.
  context.output.note(`created token ${token.id} "${token.name}" for ${token.username}; it is shown only now:`);
  context.output.line(token.token);
}

export async function revoke(context: Context, id: string): Promise<void> {
  await (await context.client()).tokens.revoke(id);
  context.output.result({ revoked: id }, () => `revoked token ${id}`);
}
