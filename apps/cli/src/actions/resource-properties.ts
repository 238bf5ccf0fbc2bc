import type { WolfpackClient } from '@wolfpack/client';
import { CommonProperties, type CommonPropertiesPatch, type ResourceView } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { stateCell as state } from '../output/table.ts';
import { assignments, findProperty, propertyName, showValue, valueOf, type JsonSchema } from '../property-values.ts';

/*
 * The commands that read a resource type's property schema: show, get, set and create.
 * Common properties (restartAction, pendingTimeoutMs, …) are every resource's and go in
 * `common`; the rest are the type's own and go in `private`.
 */

const commonSchema = CommonProperties as JsonSchema;

async function schemaOf(client: WolfpackClient, type: string): Promise<JsonSchema> {
  const view = await client.resourceTypes.get(type);
  return (view.propertySchema ?? {}) as JsonSchema;
}

interface Patches {
  common: Record<string, unknown>;
  private: Record<string, unknown>;
}

/**
 * `MaxUser=5 restartThreshold=2` → { private: { MaxUser: 5 }, common: { restartThreshold: 2 } }.
 * The type's own names are looked in first (property-values.ts rule 1): a type may have a
 * private property whose name differs from a common one only in case.
 */
function patchesOf(words: string[], schema: JsonSchema, type: string): Patches {
  const patches: Patches = { common: {}, private: {} };
  const places = [
    ['private', schema],
    ['common', commonSchema],
  ] as const;
  for (const [given, text] of assignments(words)) {
    const found = findProperty(places, given);
    if (!found) {
      const owned = Object.keys(schema.properties ?? {}).join(', ') || '(none)';
      throw usageError(
        `${given}: no such property of type ${type}; its own: ${owned}; common: ${Object.keys(commonSchema.properties!).join(', ')}`,
      );
    }
    const placeSchema = found.place === 'private' ? schema : commonSchema;
    patches[found.place][found.name] = valueOf(
      placeSchema.properties![found.name]!,
      text,
      `${found.place}.${found.name}`,
    );
  }
  return patches;
}

/** The patches as the API body wants them: only the parts that hold something. */
function body(patches: Patches): { common?: CommonPropertiesPatch; private?: Record<string, unknown> } {
  return {
    ...(Object.keys(patches.common).length > 0 ? { common: patches.common as CommonPropertiesPatch } : {}),
    ...(Object.keys(patches.private).length > 0 ? { private: patches.private } : {}),
  };
}

interface PropertyRow {
  name: string;
  kind: 'common' | 'private';
  value: unknown;
  /** Not set on the resource: the schema's default applies. */
  isDefault: boolean;
}

function propertyRows(resource: ResourceView, schema: JsonSchema): PropertyRow[] {
  const own = [...new Set([...Object.keys(schema.properties ?? {}), ...Object.keys(resource.privateProperties)])];
  return [
    ...own.map((name): PropertyRow => {
      // A writeOnly property (a secret): the view says only whether it is set, never its value.
      if (resource.writeOnlySet?.includes(name))
        return { name, kind: 'private', value: '(set, write-only)', isDefault: false };
      const set = name in resource.privateProperties;
      return {
        name,
        kind: 'private',
        value: set ? resource.privateProperties[name] : schema.properties?.[name]?.default,
        isDefault: !set,
      };
    }),
    ...Object.entries(resource.commonProperties).map(
      ([name, value]): PropertyRow => ({ name, kind: 'common', value, isDefault: false }),
    ),
  ];
}

function printProperties(context: Context, rows: PropertyRow[]): void {
  context.output.table(
    ['PROPERTY', 'VALUE', 'KIND'],
    rows.map((row) => [
      row.name,
      row.isDefault ? { text: `${showValue(row.value)}`, color: 'dim' } : showValue(row.value),
      row.isDefault ? `${row.kind} (default)` : row.kind,
    ]),
  );
}

export async function show(context: Context, name: string): Promise<void> {
  const client = await context.client();
  const resource = await client.resources.get(name);
  if (context.output.json) return context.output.printJson(resource);
  const schema = await schemaOf(client, resource.type);
  context.output.fields([
    ['Name', resource.name],
    ['Description', resource.description],
    ['Type', resource.type],
    ['Group', resource.group],
    ['State', state(resource.state)],
    ['Owner', resource.ownerNode ?? '-'],
    ['Persistent state', resource.persistentState],
    ['Depends on', resource.dependencies.join(', ') || '(nothing)'],
    ['Possible owners', resource.possibleOwners.join(', ')],
    ...(resource.reason ? ([['Reason', resource.reason]] as [string, string][]) : []),
  ]);
  context.output.line();
  printProperties(context, propertyRows(resource, schema));
}

export async function get(context: Context, name: string, property: string | undefined): Promise<void> {
  const client = await context.client();
  const resource = await client.resources.get(name);
  const rows = propertyRows(resource, await schemaOf(client, resource.type));
  if (property === undefined) {
    if (context.output.json) return context.output.printJson(resource);
    return printProperties(context, rows);
  }
  const row =
    rows.find((candidate) => candidate.name === property) ??
    rows.find((candidate) => candidate.name.toLowerCase() === property.toLowerCase());
  if (!row)
    throw usageError(
      `${property}: no such property of ${name}; it has ${rows.map((candidate) => candidate.name).join(', ')}`,
    );
  if (context.output.json) context.output.printJson(row.value ?? null);
  else context.output.line(showValue(row.value));
}

export async function set(
  context: Context,
  name: string,
  words: string[],
  options: { description?: string; possibleOwners?: string; reset?: string[] },
): Promise<void> {
  const client = await context.client();
  const resource = await client.resources.get(name);
  const schema = await schemaOf(client, resource.type);
  const patches = patchesOf(words, schema, resource.type);
  for (const given of options.reset ?? []) {
    const own = propertyName(schema, given);
    if (!own) throw usageError(`--reset ${given}: no such property of type ${resource.type}`);
    patches.private[own] = null;
  }
  const changes = body(patches);
  const possibleOwners =
    options.possibleOwners === undefined
      ? undefined
      : options.possibleOwners === 'all'
        ? null
        : options.possibleOwners
            .split(',')
            .map((node) => node.trim())
            .filter(Boolean);
  let updated: ResourceView;
  if (options.description !== undefined || possibleOwners !== undefined) {
    // One change, so the description, owners and properties are taken or refused together.
    updated = await client.resources.update(name, {
      ...changes,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(possibleOwners !== undefined ? { possibleOwners } : {}),
    });
  } else if (changes.common || changes.private) {
    updated = await client.resources.setProperties(name, changes);
  } else {
    throw usageError('nothing to change: give PROPERTY=VALUE, --reset, --description or --possible-owners');
  }
  if (context.output.json) return context.output.printJson(updated);
  const shown = [
    ...Object.keys(patches.private).map((key) => `${key}=${shownPrivate(updated, key)}`),
    ...Object.keys(patches.common).map(
      (key) => `${key}=${showValue((updated.commonProperties as Record<string, unknown>)[key])}`,
    ),
    ...(options.description !== undefined ? ['description'] : []),
    ...(possibleOwners !== undefined ? [`possible owners ${updated.possibleOwners.join(', ')}`] : []),
  ];
  context.output.line(`changed ${updated.name}: ${shown.join(', ')}`);
}

/** A private value as `resource set` echoes it: a writeOnly one only as set or not. */
function shownPrivate(resource: ResourceView, key: string): string {
  if (resource.writeOnlySet?.includes(key)) return '(set, write-only)';
  const value = resource.privateProperties[key];
  return value === undefined ? '(default)' : showValue(value);
}

export async function create(
  context: Context,
  name: string,
  words: string[],
  options: { group: string; type: string; description?: string; dependsOn?: string[]; possibleOwners?: string[] },
): Promise<void> {
  const client = await context.client();
  const patches = patchesOf(words, await schemaOf(client, options.type), options.type);
  const resource = await client.resources.create({
    name,
    group: options.group,
    resourceType: options.type,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.dependsOn ? { dependencies: options.dependsOn } : {}),
    ...(options.possibleOwners ? { possibleOwners: options.possibleOwners } : {}),
    ...body(patches),
  });
  context.output.result(
    resource,
    () => `created ${resource.type} resource ${resource.name} in ${resource.group} (${resource.state})`,
  );
}
