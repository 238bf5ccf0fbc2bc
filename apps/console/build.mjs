// Builds the web console (Vite) into apps/console/dist, which the server serves at `/`.
// `npm start` calls buildConsole() through scripts/setup.mjs; it skips the build when
// dist/index.html is newer than every source the bundle is made of.
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from '@wolfpack/admin-sdk/build-freshness';

const consoleDir = dirname(fileURLToPath(import.meta.url));
const resolvePackage = createRequire(import.meta.url).resolve;
/** The folder of a workspace's entry (its src), found by name. */
const sourcesOf = (name) => dirname(resolvePackage(name));

/** What the console bundle is made of: its own sources and the workspace packages it bundles. */
export const consoleSources = [
  join(consoleDir, 'src'),
  join(consoleDir, 'index.html'),
  join(consoleDir, 'vite.config.ts'),
  join(consoleDir, 'precompress.ts'),
  join(consoleDir, 'package.json'),
  sourcesOf('@wolfpack/contracts'),
  sourcesOf('@wolfpack/client'),
  sourcesOf('@wolfpack/admin-sdk'),
  resolvePackage('@wolfpack/admin-sdk/host-modules'),
];

/** True when dist/ is missing or older than a source. */
export function consoleIsStale() {
  return isStale(join(consoleDir, 'dist', 'index.html'), consoleSources);
}

/**
 * Builds the console if it is missing or stale (or always, with force). Resolves to
 * whether it built. Options: force, quiet, outDir (another folder than dist/, always built:
 * a test's own copy).
 */
export async function buildConsole({ force = false, quiet = false, outDir = undefined } = {}) {
  if (!force && !outDir && !consoleIsStale()) return false;
  const started = Date.now();
  const { build } = await import('vite');
  await build({
    configFile: join(consoleDir, 'vite.config.ts'),
    root: consoleDir,
    logLevel: quiet ? 'silent' : 'warn',
    mode: 'production',
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  });
  if (!quiet)
    process.stderr.write(
      `[console] built ${relative(process.cwd(), outDir ?? join(consoleDir, 'dist'))} in ${Date.now() - started} ms\n`,
    );
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole({ force: process.argv.includes('--force') });
