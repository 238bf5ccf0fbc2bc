import type { Context } from '../context.ts';
import type { WaitOptions } from '../commands/options.ts';
import { usageError } from '../exit-codes.ts';
import { stateCell as state } from '../output/table.ts';
import { showValue } from '../property-values.ts';
import { sendAndFollow } from '../send-and-follow.ts';
import { resourceInState } from '../waiting.ts';

export async function list(context: Context, options: { group?: string }): Promise<void> {
  const all = await (await context.client()).resources.list();
  const resources = options.group === undefined ? all : all.filter((resource) => resource.group === options.group);
  if (context.output.json) return context.output.printJson(resources);
  context.output.table(
    ['NAME', 'GROUP', 'TYPE', 'STATE', 'OWNER', 'DEPENDS ON'],
    resources.map((resource) => [
      resource.name,
      resource.group,
      resource.type,
      state(resource.state),
      resource.ownerNode ?? '-',
      resource.dependencies.join(', '),
    ]),
  );
}

export async function remove(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).resources.delete(name), (reply) => reply.message);
}

export async function rename(context: Context, name: string, newName: string): Promise<void> {
  context.output.result(
    await (await context.client()).resources.rename(name, { newName }),
    (resource) => `renamed resource ${name} to ${resource.name}`,
  );
}

export async function online(context: Context, name: string, options: WaitOptions): Promise<void> {
  const client = await context.client();
  await sendAndFollow(
    context,
    options,
    () => client.resources.online(name),
    () => resourceInState(name, 'Online'),
    (reply) => reply.message,
  );
}

export async function offline(context: Context, name: string, options: WaitOptions): Promise<void> {
  const client = await context.client();
  await sendAndFollow(
    context,
    options,
    () => client.resources.offline(name),
    () => resourceInState(name, 'Offline'),
    (reply) => reply.message,
  );
}

export async function fail(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).resources.fail(name), (reply) => reply.message);
}

export async function depend(context: Context, name: string, provider: string): Promise<void> {
  const resource = await (await context.client()).resources.addDependency(name, provider);
  context.output.result(resource, () => `${resource.name} now depends on ${resource.dependencies.join(', ')}`);
}

export async function undepend(context: Context, name: string, provider: string): Promise<void> {
  const resource = await (await context.client()).resources.removeDependency(name, provider);
  context.output.result(
    resource,
    () =>
      `${resource.name} ${resource.dependencies.length > 0 ? `now depends on ${resource.dependencies.join(', ')}` : 'depends on nothing now'}`,
  );
}

/** A control code's result: rows of objects as a table, one object as fields, anything else as JSON. */
function describeResult(context: Context, result: unknown): void {
  if (Array.isArray(result) && result.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
    const columns = [...new Set(result.flatMap((row) => Object.keys(row as object)))];
    context.output.table(
      columns.map((column) => column.toUpperCase()),
      result.map((row) => columns.map((column) => showValue((row as Record<string, unknown>)[column]))),
      '(no rows)',
    );
  } else if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    context.output.fields(Object.entries(result).map(([key, value]) => [key, showValue(value)]));
  } else context.output.line(JSON.stringify(result, null, 2));
}

export async function control(
  context: Context,
  name: string,
  code: string,
  options: { input?: string },
): Promise<void> {
  let input: unknown;
  if (options.input !== undefined) {
    try {
      input = JSON.parse(options.input);
    } catch {
      throw usageError(`--input: not JSON: ${options.input}`);
    }
  }
  const reply = await (await context.client()).resources.control(name, {
    code,
    ...(input !== undefined ? { input } : {}),
  });
  if (context.output.json) return context.output.printJson(reply);
  context.output.note(`${reply.code} of ${reply.resource} on ${reply.node}:`);
  describeResult(context, reply.result);
}
