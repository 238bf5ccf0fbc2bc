import { planStages, planSummary } from '@wolfpack/client';
import { GroupPolicyPatch, type GroupView, type MovePlan } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import type { WaitOptions } from '../commands/options.ts';
import { usageError } from '../exit-codes.ts';
import { stateCell as state } from '../output/table.ts';
import { assignments, propertyName, valueOf, type JsonSchema } from '../property-values.ts';
import { sendAndFollow } from '../send-and-follow.ts';
import { groupInState, groupSettledOn } from '../waiting.ts';

export async function list(context: Context): Promise<void> {
  const groups = await (await context.client()).groups.list();
  if (context.output.json) return context.output.printJson(groups);
  context.output.table(
    ['NAME', 'STATE', 'OWNER', 'PREFERRED OWNERS', 'RESOURCES'],
    groups.map((group) => [
      group.name,
      state(group.state),
      group.ownerNode ?? '-',
      group.preferredOwners.join(', '),
      String(group.resources.length),
    ]),
  );
}

export async function show(context: Context, name: string): Promise<void> {
  const group = await (await context.client()).groups.get(name);
  if (context.output.json) return context.output.printJson(group);
  describeGroup(context, group);
}

function describeGroup(context: Context, group: GroupView): void {
  const { policy } = group;
  context.output.fields([
    ['Name', group.name],
    ['Description', group.description],
    ['State', state(group.state)],
    ['Owner', group.ownerNode ?? '-'],
    ['Persistent state', group.persistentState],
    ['Epoch', String(group.epoch)],
    ['Preferred owners', policy.preferredOwners.join(', ') || '(any node)'],
    ['Failover threshold', `${policy.failoverThreshold} in ${policy.failoverPeriodMs} ms`],
    ['Auto failback', policy.autoFailback],
    [
      'Failback window',
      policy.failbackWindow
        ? `${policy.failbackWindow.startHour}:00-${policy.failbackWindow.endHour}:00`
        : '(any time)',
    ],
    ['Resources', group.resources.join(', ') || '(none)'],
  ]);
}

export async function create(
  context: Context,
  name: string,
  options: { description?: string; preferredOwners?: string[] },
): Promise<void> {
  const group = await (await context.client()).groups.create({
    name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.preferredOwners ? { policy: { preferredOwners: options.preferredOwners } } : {}),
  });
  context.output.result(group, () => `created group ${group.name}`);
}

export async function remove(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).groups.delete(name), (reply) => reply.message);
}

export async function rename(context: Context, name: string, newName: string): Promise<void> {
  context.output.result(
    await (await context.client()).groups.rename(name, { newName }),
    (group) => `renamed group ${name} to ${group.name}`,
  );
}

/** `failbackWindow=22-6` (hours, may wrap past midnight) or `none`; anything else as the schema reads it. */
function policyValue(name: string, text: string): unknown {
  if (name === 'failbackWindow') {
    if (text === 'none' || text === 'null') return null;
    const hours = /^(\d{1,2})-(\d{1,2})$/.exec(text);
    if (hours) return { startHour: Number(hours[1]), endHour: Number(hours[2]) };
  }
  return valueOf((GroupPolicyPatch as JsonSchema).properties![name]!, text, `policy.${name}`);
}

export async function set(context: Context, name: string, words: string[]): Promise<void> {
  const policy: Record<string, unknown> = {};
  let description: string | undefined;
  for (const [given, text] of assignments(words)) {
    if (given.toLowerCase() === 'description') {
      description = text;
      continue;
    }
    const property = propertyName(GroupPolicyPatch as JsonSchema, given);
    if (!property)
      throw usageError(
        `${given}: not a group property; use description, ${Object.keys(GroupPolicyPatch.properties).join(', ')}`,
      );
    policy[property] = policyValue(property, text);
  }
  const group = await (await context.client()).groups.update(name, {
    ...(description !== undefined ? { description } : {}),
    ...(Object.keys(policy).length > 0 ? { policy: policy as GroupPolicyPatch } : {}),
  });
  if (context.output.json) return context.output.printJson(group);
  context.output.line(`changed group ${group.name}: ${words.map((word) => word.split('=')[0]).join(', ')}`);
}

export async function online(context: Context, name: string, options: WaitOptions): Promise<void> {
  const client = await context.client();
  await sendAndFollow(
    context,
    options,
    () => client.groups.online(name),
    () => groupInState(name, 'Online'),
    (reply) => reply.message,
  );
}

export async function offline(context: Context, name: string, options: WaitOptions): Promise<void> {
  const client = await context.client();
  await sendAndFollow(
    context,
    options,
    () => client.groups.offline(name),
    () => groupInState(name, 'Offline'),
    (reply) => reply.message,
  );
}

/** The plan as the console's Move dialog shows it: the summary, then numbered stages. */
function describePlan(plan: MovePlan): string {
  const stages = planStages(plan).map(
    (stage, index) =>
      `  ${index + 1}. ${stage.title}${stage.resources.length > 1 ? ' (together)' : ''}: ${stage.resources.join(', ')}`,
  );
  return [planSummary(plan), ...stages, 'Nothing was changed (dry run).'].join('\n');
}

export async function move(
  context: Context,
  name: string,
  options: WaitOptions & { node?: string; dryRun?: boolean },
): Promise<void> {
  const client = await context.client();
  const target = options.node !== undefined ? { node: options.node } : {};
  if (options.dryRun) {
    const reply = await client.groups.move(name, { ...target, dryRun: true });
    if (!('plan' in reply)) throw new Error('the server moved the group instead of answering the plan');
    context.output.result(reply, () => describePlan(reply.plan));
    return;
  }
  await sendAndFollow(
    context,
    options,
    async () => {
      const reply = await client.groups.move(name, target);
      if ('plan' in reply) throw new Error('the server answered a plan instead of moving the group');
      return reply;
    },
    (reply) => groupSettledOn(name, reply.targetNode),
    (reply) => `moving ${reply.group} to ${reply.targetNode}`,
  );
}
