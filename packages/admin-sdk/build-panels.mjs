// Builds panel modules with the preset: each built-in type's src/panel.tsx → dist/panel.mjs,
// and the third-party example (panel, broken panel and engine module) →
// examples/third-party-type/dist/. buildPanels() builds every one in a repository (called
// by scripts/setup.mjs); buildPackagePanels() builds one package (the
// `wolfpack-build-panels` bin, run in the package's folder). Skips a module whose output is
// newer than its sources.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './build-freshness.mjs';
import { panelBuildConfig } from './vite-preset.mjs';

const sdkDir = dirname(fileURLToPath(import.meta.url));
const tools = [join(sdkDir, 'vite-preset.mjs'), join(sdkDir, 'host-modules.mjs')];
const panelSource = /panel\.tsx$/;

/** One package's panel modules: src/<name>panel.tsx → dist/<name>panel.mjs, as { dir, entry, outDir, fileName }. */
export function packagePanelJobs(dir) {
  const sources = existsSync(join(dir, 'src'))
    ? readdirSync(join(dir, 'src'))
        .filter((name) => panelSource.test(name))
        .sort()
    : [];
  return sources.map((source) => ({
    dir,
    entry: join(dir, 'src', source),
    outDir: join(dir, 'dist'),
    fileName: source.replace(/\.tsx$/, '.mjs'),
  }));
}

/** The packages of a repository that may hold panels: its resource types and its examples. */
function panelPackages(root) {
  const folders = (parent) =>
    existsSync(parent)
      ? readdirSync(parent)
          .sort()
          .map((name) => join(parent, name))
      : [];
  return [...folders(join(root, 'packages', 'resource-types')), ...folders(join(root, 'examples'))];
}

/** The panel modules of a repository (default: the working folder) to build. */
export function panelJobs(root = process.cwd()) {
  return panelPackages(root).flatMap(packagePanelJobs);
}

/**
 * Builds all panel modules of a repository (and each example type's engine module) that are
 * missing or older than their sources. Options: root (the repository: the working folder
 * unless given), force (rebuild all), quiet. Resolves to the list of files written.
 */
export async function buildPanels({ root = process.cwd(), force = false, quiet = false } = {}) {
  const started = Date.now();
  const written = [];
  for (const dir of panelPackages(root)) written.push(...(await buildModules(dir, force)));
  report(root, written, started, quiet);
  return written;
}

/**
 * Builds one package's panel modules, and its engine module when its package.json does not
 * leave that to scripts/build.mjs (`wolfpack.bundles`). Options as buildPanels'.
 */
export async function buildPackagePanels(dir, { force = false, quiet = false } = {}) {
  const started = Date.now();
  const written = await buildModules(dir, force);
  report(dir, written, started, quiet);
  return written;
}

async function buildModules(dir, force) {
  const written = [];
  // One at a time: Vite builds share process-wide state and the machine has two cores.
  for (const job of packagePanelJobs(dir)) {
    const output = join(job.outDir, job.fileName);
    if (!force && !isStale(output, [join(job.dir, 'src'), join(job.dir, 'manifest.json'), ...tools])) continue;
    const { build } = await import('vite');
    await build({
      configFile: false,
      ...panelBuildConfig({ root: job.dir, entry: job.entry, outDir: job.outDir, fileName: job.fileName }),
    });
    written.push(output);
  }
  written.push(...(await buildEngine(dir, force)));
  return written;
}

function report(root, written, started, quiet) {
  if (!quiet)
    process.stderr.write(
      `[panels] ${written.length} module(s) built in ${Date.now() - started} ms${written.length ? `: ${written.map((file) => relative(root, file)).join(', ')}` : ''}\n`,
    );
}

/** A registered type's engine module: one self-contained ES module for Node, as POST /resource-types wants it. */
async function buildEngine(dir, force) {
  const entry = join(dir, 'src', 'engine.ts');
  const output = join(dir, 'dist', 'engine.mjs');
  const manifestPath = join(dir, 'package.json');
  const bundles = existsSync(manifestPath)
    ? (JSON.parse(readFileSync(manifestPath, 'utf8')).wolfpack?.bundles ?? {})
    : {};
  if (!existsSync(entry) || 'dist/engine.mjs' in bundles) return [];
  if (!force && !isStale(output, [join(dir, 'src'), join(dir, 'manifest.json')])) return [];
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    outfile: output,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'error',
  });
  return [output];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPanels({ force: process.argv.includes('--force') });
