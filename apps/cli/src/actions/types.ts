import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResourceTypeView } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { showValue, type JsonSchema } from '../property-values.ts';

export async function list(context: Context): Promise<void> {
  const types = await (await context.client()).resourceTypes.list();
  if (context.output.json) return context.output.printJson(types);
  context.output.table(
    ['NAME', 'VERSION', 'BUILT IN', 'PANEL', 'DESCRIPTION'],
    types.map((type) => [type.name, type.version, type.builtIn ? 'yes' : 'no', type.panelUrl ? 'yes' : 'no', type.description]),
  );
}

/** A property's allowed values in a few words: `integer 1..10`, `string /^[A-Z]/`, `Restart | DontRestart`. */
function kindOf(schema: JsonSchema & { pattern?: string }): string {
  if (schema.anyOf) return schema.anyOf.map((member) => (member.const !== undefined ? String(member.const) : kindOf(member))).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join('|') : (schema.type ?? 'any');
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` ${schema.minimum ?? ''}..${schema.maximum ?? ''}` : '';
  return `${type}${range}`;
}

function describeType(context: Context, type: ResourceTypeView): void {
  const schema = (type.propertySchema ?? {}) as JsonSchema & { required?: string[] };
  context.output.fields([
    ['Name', type.name],
    ['Version', type.version],
    ['Description', type.description],
    ['Built in', type.builtIn ? 'yes' : 'no'],
    ['Requires', type.requiredDependencies.join(', ') || '(nothing)'],
    ['Panel', type.panelUrl ?? '(generated form)'],
  ]);
  context.output.line();
  const required = new Set(schema.required ?? []);
  context.output.table(
    ['PROPERTY', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, kindOf(property), required.has(name) ? '(required)' : showValue(property.default), property.description ?? '']),
    '(no private properties)',
  );
  if (type.controlCodes.length > 0) {
    context.output.line();
    context.output.table(
      ['CONTROL CODE', 'WHO', 'DESCRIPTION'],
      type.controlCodes.map((code) => [code.code, code.readOnly ? 'viewer' : 'operator', code.description]),
    );
  }
}

export async function show(context: Context, name: string): Promise<void> {
  const type = await (await context.client()).resourceTypes.get(name);
  if (context.output.json) return context.output.printJson(type);
  describeType(context, type);
}

export async function panel(context: Context, name: string, version: string | undefined): Promise<void> {
  const client = await context.client();
  const module = await client.resourceTypes.panel(name, version ?? (await client.resourceTypes.get(name)).version);
  // The module is JavaScript, not JSON: printed as it is, with or without --json.
  context.output.stdout.write(module.endsWith('\n') ? module : `${module}\n`);
}

export async function unregister(context: Context, name: string): Promise<void> {
  context.output.result(await (await context.client()).resourceTypes.unregister(name), (reply) => reply.message);
}

/** A file of the package, or a usage error saying which is missing and why it matters. */
async function packageFile(dir: string, path: string, what: string): Promise<string> {
  try {
    return await readFile(join(dir, path), 'utf8');
  } catch {
    throw usageError(`${join(dir, path)}: no ${what} there; build the package first (its manifest.json names the file in entryPoints)`);
  }
}

/**
 * `type register DIR`: the package as POST /resource-types wants it: manifest.json, then
 * the engine and panel modules its entryPoints name. The server checks the manifest and
 * runs the engine module's validate, refusing naming the field; nothing is built here.
 */
export async function register(context: Context, dir: string): Promise<void> {
  const root = resolve(dir);
  let manifest: { entryPoints?: { engine?: unknown; panel?: unknown } };
  try {
    manifest = JSON.parse(await packageFile(root, 'manifest.json', 'manifest.json')) as typeof manifest;
  } catch (error) {
    if (error instanceof SyntaxError) throw usageError(`${join(root, 'manifest.json')}: not JSON (${error.message})`);
    throw error;
  }
  const { engine, panel } = manifest.entryPoints ?? {};
  if (typeof engine !== 'string') throw usageError(`${join(root, 'manifest.json')}: entryPoints.engine must name the built engine module`);
  const body = {
    manifest,
    engineModule: await packageFile(root, engine, 'engine module'),
    ...(typeof panel === 'string' ? { panelModule: await packageFile(root, panel, 'panel module') } : {}),
  };
  const type = await (await context.client()).resourceTypes.register(body);
  if (context.output.json) return context.output.printJson(type);
  context.output.line(`Registered resource type ${type.name} ${type.version}${type.panelUrl ? ' with its console panel' : ''}`);
}
