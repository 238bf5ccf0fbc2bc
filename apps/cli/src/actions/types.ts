import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResourceTypeView } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';
import { showValue, type JsonSchema } from '../property-values.ts';
import { buildIfStale } from '../type-package-build.ts';

export async function list(context: Context): Promise<void> {
  const types = await (await context.client()).resourceTypes.list();
  if (context.output.json) return context.output.printJson(types);
  context.output.table(
    ['NAME', 'VERSION', 'BUILT IN', 'PANEL', 'DESCRIPTION'],
    types.map((type) => [
      type.name,
      type.version,
      type.builtIn ? 'yes' : 'no',
      type.panelUrl ? 'yes' : 'no',
      type.description,
    ]),
  );
}

/** A property's allowed values in a few words: `integer 1..10`, `string /^[A-Z]/`, `Restart | DontRestart`. */
function kindOf(schema: JsonSchema & { pattern?: string }): string {
  if (schema.anyOf)
    return schema.anyOf
      .map((member) => (member.const !== undefined ? String(member.const) : kindOf(member)))
      .join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join('|') : (schema.type ?? 'any');
  const range =
    schema.minimum !== undefined || schema.maximum !== undefined
      ? ` ${schema.minimum ?? ''}..${schema.maximum ?? ''}`
      : '';
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
    ...(type.sha256 ? [['Engine sha256', type.sha256.engine] as [string, string]] : []),
    ...(type.sha256?.panel ? [['Panel sha256', type.sha256.panel] as [string, string]] : []),
  ]);
  context.output.line();
  const required = new Set(schema.required ?? []);
  context.output.table(
    ['PROPERTY', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      kindOf(property),
      required.has(name) ? '(required)' : showValue(property.default),
      property.description ?? '',
    ]),
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
    throw usageError(
      `${join(dir, path)}: no ${what} there; its manifest.json names the file in entryPoints, and \`npm run build\` in ${dir} should write it`,
    );
  }
}

interface PackageManifest {
  entryPoints?: { engine?: unknown; panel?: unknown };
}

async function readManifest(root: string): Promise<PackageManifest> {
  try {
    return JSON.parse(await packageFile(root, 'manifest.json', 'manifest.json')) as PackageManifest;
  } catch (error) {
    if (error instanceof SyntaxError) throw usageError(`${join(root, 'manifest.json')}: not JSON (${error.message})`);
    throw error;
  }
}

export interface RegisterOptions {
  /** Register over the version the cluster has. */
  replace?: boolean;
  /** False with --no-build: upload the files as they are. */
  build?: boolean;
}

/**
 * `type register DIR` (regcladm): builds the package when its build is stale, then sends
 * manifest.json and the engine and panel modules its entryPoints name. The server checks
 * the manifest and imports the engine module before storing anything, so a refused
 * package leaves the registered version in place.
 */
export async function register(context: Context, dir: string, options: RegisterOptions = {}): Promise<void> {
  const root = resolve(dir);
  let manifest = await readManifest(root);
  if (typeof manifest.entryPoints?.engine !== 'string')
    throw usageError(`${join(root, 'manifest.json')}: entryPoints.engine must name the built engine module`);
  if (options.build !== false) {
    const built = await buildIfStale(root, entryPointsOf(manifest), (line) => context.output.note(line));
    // The build may write the manifest too (a generated version, say): read what it left.
    if (built) manifest = await readManifest(root);
  }
  const { engine, panel } = entryPointsOf(manifest);
  const body = {
    manifest,
    engineModule: await packageFile(root, engine, 'engine module'),
    ...(panel !== undefined ? { panelModule: await packageFile(root, panel, 'panel module') } : {}),
    ...(options.replace ? { replace: true } : {}),
  };
  const client = await context.client();
  const name = (manifest as { name?: unknown }).name;
  const previous = typeof name === 'string' ? await client.resourceTypes.get(name).catch(() => undefined) : undefined;
  const type = await client.resourceTypes.register(body);
  if (context.output.json) return context.output.printJson(type);
  const unchanged =
    previous?.version === type.version && JSON.stringify(previous.sha256) === JSON.stringify(type.sha256);
  const over = previous && previous.version !== type.version ? ` over ${previous.version}` : '';
  context.output.line(
    unchanged
      ? `Resource type ${type.name} ${type.version} is registered already, with the same modules: nothing changed`
      : `Registered resource type ${type.name} ${type.version}${over}${type.panelUrl ? ' with its console panel' : ''}`,
  );
  context.output.table(
    ['MODULE', 'FILE', 'SHA256'],
    [
      ['engine', engine, type.sha256?.engine ?? '(not reported)'],
      ...(panel !== undefined ? [['panel', panel, type.sha256?.panel ?? '(not reported)']] : []),
    ],
  );
  if (over)
    context.output.line(
      `Resources of the type run the ${type.version} module from their next online; those online now keep running ${previous!.version} until then.`,
    );
}

function entryPointsOf(manifest: PackageManifest): { engine: string; panel?: string } {
  const { engine, panel } = manifest.entryPoints ?? {};
  return { engine: String(engine), ...(typeof panel === 'string' ? { panel } : {}) };
}
