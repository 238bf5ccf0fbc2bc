import { SetClusterPropertiesBody } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { since } from '../output/time.ts';
import { assignments, propertyName, showValue, valueOf, type JsonSchema } from '../property-values.ts';

const schema = SetClusterPropertiesBody as JsonSchema;

export async function get(context: Context, property: string | undefined): Promise<void> {
  const properties = await (await context.client()).cluster.properties();
  if (property !== undefined) {
    const entries = Object.entries(properties);
    const found =
      entries.find(([key]) => key === property) ??
      entries.find(([key]) => key.toLowerCase() === property.toLowerCase());
    if (!found)
      throw usageError(`${property}: no such cluster property; there are ${entries.map(([key]) => key).join(', ')}`);
    if (context.output.json) context.output.printJson(found[1]);
    else context.output.line(showValue(found[1]));
    return;
  }
  if (context.output.json) return context.output.printJson(properties);
  context.output.fields([
    ['name', properties.name],
    ['description', properties.description],
    ['nodeLeaseTtlMs', String(properties.nodeLeaseTtlMs)],
    ['dnsAddress', properties.dnsAddress],
    ['dnsPort', String(properties.dnsPort)],
    ['created', since(properties.createdAt)],
  ]);
}

export async function set(context: Context, words: string[]): Promise<void> {
  const body: Record<string, unknown> = {};
  for (const [given, text] of assignments(words)) {
    const property = propertyName(schema, given);
    if (!property)
      throw usageError(
        `${given}: not a cluster property you can set; use ${Object.keys(schema.properties!).join(', ')}`,
      );
    body[property] = valueOf(schema.properties![property]!, text, property);
  }
  const properties = await (await context.client()).cluster.update(body);
  context.output.result(
    properties,
    () =>
      `changed the cluster ${properties.name}: ${Object.keys(body)
        .map((key) => `${key}=${showValue((properties as Record<string, unknown>)[key])}`)
        .join(', ')}`,
  );
}
