// Builds every panel module in the repository with the preset: each built-in type's
// src/panel.tsx → dist/panel.mjs, and the third-party example (panel, broken panel and
// engine module) → examples/third-party-type/dist/. Called by scripts/setup.mjs; skips a
// module whose output is newer than its sources.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStale } from './build-freshness.mjs';
import { panelBuildConfig } from './vite-preset.mjs';

const sdkDir = dirname(fileURLToPath(import.meta.url));
const defaultRoot = join(sdkDir, '..', '..');

/** The panel modules to build: { dir, entry, outDir, fileName } for each source that exists. */
export function panelJobs(root = defaultRoot) {
  const jobs = [];
  const typesDir = join(root, 'packages', 'resource-types');
  for (const folder of existsSync(typesDir) ? readdirSync(typesDir).sort() : []) {
    const dir = join(typesDir, folder);
    if (existsSync(join(dir, 'src', 'panel.tsx'))) jobs.push({ dir, entry: join(dir, 'src', 'panel.tsx'), outDir: join(dir, 'dist'), fileName: 'panel.mjs' });
  }
  const example = join(root, 'examples', 'third-party-type');
  for (const [source, fileName] of [['panel.tsx', 'panel.mjs'], ['broken-panel.tsx', 'broken-panel.mjs']]) {
    if (existsSync(join(example, 'src', source))) jobs.push({ dir: example, entry: join(example, 'src', source), outDir: join(example, 'dist'), fileName });
  }
  return jobs;
}

/**
 * Builds all panel modules (and the example type's engine module) that are missing or
 * older than their sources. Options: root (the repository), force (rebuild all), quiet.
 * Resolves to the list of files written.
 */
export async function buildPanels({ root = defaultRoot, force = false, quiet = false } = {}) {
  const started = Date.now();
  let build;
  const tools = [join(sdkDir, 'vite-preset.mjs'), join(sdkDir, 'host-modules.mjs')];
  const written = [];
  // One at a time: Vite builds share process-wide state and the machine has two cores.
  for (const job of panelJobs(root)) {
    const output = join(job.outDir, job.fileName);
    if (!force && !isStale(output, [join(job.dir, 'src'), join(job.dir, 'manifest.json'), ...tools])) continue;
    build ??= (await import('vite')).build;
    await build({ configFile: false, ...panelBuildConfig({ root: job.dir, entry: job.entry, outDir: job.outDir, fileName: job.fileName }) });
    written.push(output);
  }
  written.push(...(await buildExampleEngine(root, force)));
  if (!quiet) process.stderr.write(`[panels] ${written.length} module(s) built in ${Date.now() - started} ms${written.length ? `: ${written.map((file) => relative(root, file)).join(', ')}` : ''}\n`);
  return written;
}

/** The example type's engine module: one self-contained ES module for Node, as POST /resource-types wants it. */
async function buildExampleEngine(root, force) {
  const example = join(root, 'examples', 'third-party-type');
  const entry = join(example, 'src', 'engine.ts');
  const output = join(example, 'dist', 'engine.mjs');
  if (!existsSync(entry)) return [];
  if (!force && !isStale(output, [join(example, 'src'), join(example, 'manifest.json')])) return [];
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [entry], outfile: output, bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'error' });
  return [output];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPanels({ force: process.argv.includes('--force') });
