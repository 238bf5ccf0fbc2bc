// The one place tests reach the checkout's build script, and bundle their own TypeScript entries.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildAll, buildWorkspace } from '@wolfpack/scripts/build';

let built: Promise<void> | undefined;

/** Bundle the agents and resource types once per test run (fast: esbuild). */
export function buildOnce(): Promise<void> {
  built ??= buildAll({ quiet: true, strict: false });
  return built;
}

export { buildAll, buildWorkspace };

/**
 * Bundles a TypeScript entry (a fixture, a worker, a stand-in process) into one ES module
 * node 20 runs, at outfile, and returns outfile. better-sqlite3 stays outside: a native
 * addon is loaded from node_modules, so its bundle must sit inside the checkout.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<string> {
  // Loaded when used: most importers of this file only build the checkout.
  const esbuild = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['better-sqlite3'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __wolfpackRequire } from 'node:module'; const require = __wolfpackRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}
