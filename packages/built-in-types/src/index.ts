import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ResourceTypeManifest } from '@wolfpack/contracts';
import { validateAgainst, type ResourceTypeEntry } from '@wolfpack/engine';

/*
 * The resource types every cluster knows without registering them. Each is the package
 * @wolfpack/type-<folder>, found through its exports as Node resolves it (from src/ under
 * vitest and from a bundle in some dist/ alike): its manifest.json and its bundled engine
 * module dist/engine.mjs (built by scripts/build.mjs) beside it.
 */

/** Built-in type names and their package folders: the package is @wolfpack/type-<folder>. */
export const builtInTypeFolders: ReadonlyArray<readonly [name: string, folder: string]> = [
  ['IP Address', 'ip-address'],
  ['Network Name', 'network-name'],
  ['Disk', 'disk'],
  ['Generic Application', 'generic-application'],
  ['Chat Server', 'chat-server'],
  ['OCF Resource Agent', 'ocf-agent'],
];

/** Read and check one built-in manifest; errors name the file, the field and the rule. */
function readManifest(path: string, expectedName: string): ResourceTypeManifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`built-in resource type "${expectedName}": cannot read ${path}: ${(error as Error).message}`);
  }
  const problems = validateAgainst(ResourceTypeManifest, manifest, { pathPrefix: 'manifest' });
  if (problems.length > 0)
    throw new Error(
      `built-in resource type "${expectedName}": ${path}: ${problems.map((problem) => problem.message).join('; ')}`,
    );
  const checked = manifest as ResourceTypeManifest;
  if (checked.name !== expectedName)
    throw new Error(`built-in resource type "${expectedName}": ${path} names it "${checked.name}"`);
  return checked;
}

/**
 * The catalog entries of the built-in resource types (IP Address, Network Name, Disk,
 * Generic Application, Chat Server, OCF Resource Agent), with absolute engine paths. The engine
 * modules exist once `node scripts/build.mjs` has run.
 */
export function builtInTypeEntries(): ResourceTypeEntry[] {
  const resolver = createRequire(import.meta.url);
  return builtInTypeFolders.map(([name, folder]) => {
    const manifestPath = resolver.resolve(`@wolfpack/type-${folder}/manifest.json`);
    const manifest = readManifest(manifestPath, name);
    return { manifest, builtIn: true, enginePath: join(dirname(manifestPath), manifest.entryPoints.engine) };
  });
}
