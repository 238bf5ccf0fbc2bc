import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isStale } from '@wolfpack/admin-sdk/build-freshness';
import { defaultOcfRoot, parseAgentName, registeredTypePackage } from '@wolfpack/type-ocf-agent';
import type { Context } from '../context.ts';
import { usageError } from '../exit-codes.ts';

/*
 * `wolfpack type ocf-import PROVIDER:AGENT`: an OCF agent as a registered type of its own.
 * The agents live on the nodes, and this command runs on one: it reads the local agent's
 * meta-data, makes the manifest (a property per OCF parameter) and uploads the ocf-agent
 * package's registered-engine bundle with the agent fixed, through POST /resource-types
 * like any type package. Every node then runs the agent from the same path.
 */

export interface OcfImportOptions {
  ocfRoot?: string;
  name?: string;
  typeVersion?: string;
  replace?: boolean;
}

/** The registered-engine bundle of @wolfpack/type-ocf-agent, refused when missing or older than its sources. */
async function registeredEngineBundle(): Promise<string> {
  // Resolved as a package (not by a path relative to this file): this code runs from the CLI's bundle.
  const packageDir = dirname(createRequire(import.meta.url).resolve('@wolfpack/type-ocf-agent/manifest.json'));
  const bundle = join(packageDir, 'dist', 'registered-engine.mjs');
  if (isStale(bundle, [join(packageDir, 'src')]))
    throw usageError(
      `${bundle} is missing or older than its sources: build it with \`node scripts/build.mjs\` at the repository root`,
    );
  return readFile(bundle, 'utf8');
}

export async function ocfImport(context: Context, agentText: string, options: OcfImportOptions = {}): Promise<void> {
  const ref = parseAgentName(agentText, options.ocfRoot ?? defaultOcfRoot);
  if ('problem' in ref) throw usageError(`PROVIDER:AGENT: ${ref.problem}`);
  const engineBundle = await registeredEngineBundle();
  let typePackage;
  try {
    typePackage = await registeredTypePackage(ref, engineBundle, {
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.typeVersion !== undefined ? { version: options.typeVersion } : {}),
    });
  } catch (error) {
    throw usageError(`${(error as Error).message}; nothing was registered`);
  }
  const { manifest, engineModule, metaData } = typePackage;
  const type = await (await context.client()).resourceTypes.register({
    manifest,
    engineModule,
    ...(options.replace ? { replace: true } : {}),
  });
  if (context.output.json) return context.output.printJson(type);
  context.output.line(
    `Registered resource type ${type.name} ${type.version}: OCF agent ${ref.provider}:${ref.agent}, unchanged, with a property for each of its ${metaData.parameters.length} parameters`,
  );
  context.output.table(
    ['PROPERTY', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
    metaData.parameters.map((parameter) => {
      const property = manifest.propertySchema.properties[parameter.name] as { type: string; default?: unknown };
      const shown = parameter.required
        ? '(required)'
        : property.default === undefined
          ? ''
          : JSON.stringify(property.default);
      return [parameter.name, property.type, shown, parameter.shortdesc];
    }),
    '(no parameters)',
  );
}
