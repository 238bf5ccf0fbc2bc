import type { NodeView } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { stateCell as state } from '../output/table.ts';
import { since } from '../output/time.ts';

const nodeState = (node: NodeView) => state(node.paused && node.state === 'Up' ? 'Paused' : node.state);

export async function list(context: Context): Promise<void> {
  const nodes = await (await context.client()).nodes.list();
  if (context.output.json) return context.output.printJson(nodes);
  context.output.table(
    ['NAME', 'STATE', 'HOST', 'PID', 'UP SINCE', 'DESCRIPTION'],
    nodes.map((node) => [
      node.name,
      nodeState(node),
      node.hostname ?? '-',
      node.pid === undefined ? '-' : String(node.pid),
      since(node.upSince),
      node.description,
    ]),
  );
}

export async function show(context: Context, name: string): Promise<void> {
  const node = await (await context.client()).nodes.get(name);
  if (context.output.json) return context.output.printJson(node);
  context.output.fields([
    ['Name', node.name],
    ['Description', node.description],
    ['State', nodeState(node)],
    ['Paused', node.paused ? 'yes' : 'no'],
    ['Host', node.hostname ?? '-'],
    ['Agent pid', node.pid === undefined ? '-' : String(node.pid)],
    ['Up since', since(node.upSince)],
    ['Lease TTL', node.leaseTtlMs === undefined ? '-' : `${node.leaseTtlMs} ms`],
  ]);
}

export async function pause(context: Context, name: string): Promise<void> {
  context.output.result(
    await (await context.client()).nodes.pause(name),
    (node) => `paused node ${node.name}: it takes no new groups`,
  );
}

export async function resume(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).nodes.resume(name), (node) => `resumed node ${node.name}`);
}

export async function create(context: Context, name: string, options: { description?: string }): Promise<void> {
  const node = await (await context.client()).nodes.create({
    name,
    ...(options.description !== undefined ? { description: options.description } : {}),
  });
  context.output.result(node, () => `created node ${node.name} (${node.state}); start its wolfpackd to bring it Up`);
}

export async function remove(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).nodes.delete(name), (reply) => reply.message);
}

export async function rename(context: Context, name: string, newName: string): Promise<void> {
  context.output.result(
    await (await context.client()).nodes.rename(name, { newName }),
    (node) => `renamed node ${name} to ${node.name}`,
  );
}
