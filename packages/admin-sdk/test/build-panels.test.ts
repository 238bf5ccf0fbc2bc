import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackagePanels } from '../build-panels.mjs';

// A resource type package outside the SDK builds with the `wolfpack-build-panels` bin its
// package.json names as `npm run build`, found on the PATH npm gives scripts (every
// node_modules/.bin above the package: the scratch folder stays inside this workspace).
const scratch = join(import.meta.dirname, '..', '.tmp');
mkdirSync(scratch, { recursive: true });
const packages = mkdtempSync(join(scratch, 'build-panels-test-'));

function typePackage(name: string, bundles?: Record<string, string>): string {
  const dir = join(packages, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const manifest = { name, scripts: { build: 'wolfpack-build-panels' }, ...(bundles ? { wolfpack: { bundles } } : {}) };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'manifest.json'), '{}');
  writeFileSync(
    join(dir, 'src', 'panel.tsx'),
    "import { definePanel } from '@wolfpack/admin-sdk';\nexport default definePanel({ tabs: [] });\n",
  );
  writeFileSync(join(dir, 'src', 'broken-panel.tsx'), 'export default { tabs: [] };\n');
  writeFileSync(join(dir, 'src', 'engine.ts'), "export default { create: () => ({ started: 'yes' }) };\n");
  return dir;
}

const npmBuild = (dir: string) =>
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let registered: string;
beforeAll(() => {
  registered = typePackage('registered-type');
}, 60_000);
afterAll(() => rmSync(packages, { recursive: true, force: true }));

describe("wolfpack-build-panels, run as a package's npm run build", () => {
  it('builds every src/*panel.tsx into dist/ with the preset, and the engine module as one file', async () => {
    npmBuild(registered);
    for (const file of ['panel.mjs', 'broken-panel.mjs', 'engine.mjs'])
      expect(existsSync(join(registered, 'dist', file)), file).toBe(true);
    // The preset: the SDK comes from the console, not from the bundle.
    expect(readFileSync(join(registered, 'dist', 'panel.mjs'), 'utf8')).not.toMatch(/^\s*import\s/m);
    const engine = (await import(/* @vite-ignore */ pathToFileURL(join(registered, 'dist', 'engine.mjs')).href)) as {
      default: { create: () => unknown };
    };
    expect(engine.default.create()).toEqual({ started: 'yes' });
  }, 60_000);

  it('builds nothing again while its outputs are newer than its sources', async () => {
    expect(await buildPackagePanels(registered, { quiet: true })).toEqual([]);
  });

  it('leaves the engine module to scripts/build.mjs when the package bundles it there', async () => {
    const builtIn = typePackage('built-in-type', { 'dist/engine.mjs': 'src/engine.ts' });
    const written = await buildPackagePanels(builtIn, { quiet: true });
    expect(written.map((file) => file.slice(builtIn.length + 1)).sort()).toEqual([
      'dist/broken-panel.mjs',
      'dist/panel.mjs',
    ]);
    expect(existsSync(join(builtIn, 'dist', 'engine.mjs'))).toBe(false);
  }, 60_000);
});
