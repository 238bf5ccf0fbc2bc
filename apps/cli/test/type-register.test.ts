import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCluster, temporaryHome, type CliCluster } from './harness.ts';

/*
 * `wolfpack type register DIR` (regcladm) against a seed cluster, with a package in a temp
 * folder outside the repository whose `npm run build` is a plain node script: built when
 * stale, its hashes printed, --replace, and each bad package refused with the cluster
 * keeping the version it had.
 */

let seed: CliCluster;
const home = temporaryHome();
const cli = (...args: string[]) =>
  runCli(args, { env: { ...home.env, WOLFPACK_URL: seed.url, WOLFPACK_TOKEN: seed.token } });
const packageDir = mkdtempSync(join(tmpdir(), 'wolfpack-type-package-'));
const typeName = 'Tally Counter';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** An engine module whose `Greeting` ends up in the marker it writes; `extra` is top-level code. */
const engineSource = (greeting: string, extra = '') => `${extra}
export default {
  create(context) {
    return {
      async online() { context.log(${JSON.stringify(greeting)}); },
      async offline() {},
      async terminate() {},
      async looksAlive() { return true; },
      async isAlive() { return true; },
    };
  },
};
`;

/** The package's build: src/engine.mjs and src/panel.mjs copied to dist/, or a failure when src/FAIL exists. */
const buildScript = `
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
console.log('bundling src/engine.mjs');
if (existsSync('src/FAIL')) {
  console.error('src/engine.mjs:3:7: ERROR: Expected ";" but found "counter"');
  process.exit(1);
}
mkdirSync('dist', { recursive: true });
copyFileSync('src/engine.mjs', 'dist/engine.mjs');
copyFileSync('src/panel.mjs', 'dist/panel.mjs');
`;

function writeManifest(version: string, changes: Record<string, unknown> = {}): void {
  const manifest = {
    name: typeName,
    version,
    description: 'Counts (CLI test type)',
    propertySchema: { type: 'object', properties: { Start: { type: 'integer', default: 0 } } },
    entryPoints: { engine: 'dist/engine.mjs', panel: 'dist/panel.mjs' },
    ...changes,
  };
  writeFileSync(join(packageDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Makes every source newer than the last build, as an edit would. */
function touchSources(): void {
  const now = new Date();
  for (const file of ['src/engine.mjs', 'src/panel.mjs', 'manifest.json']) utimesSync(join(packageDir, file), now, now);
}

beforeAll(async () => {
  mkdirSync(join(packageDir, 'src'));
  writeFileSync(
    join(packageDir, 'package.json'),
    JSON.stringify({ name: 'tally-counter', private: true, type: 'module', scripts: { build: 'node build.mjs' } }),
  );
  writeFileSync(join(packageDir, 'build.mjs'), buildScript);
  writeFileSync(join(packageDir, 'src', 'engine.mjs'), engineSource('counting from one'));
  writeFileSync(join(packageDir, 'src', 'panel.mjs'), 'export default function TallyPanel() { return null; }\n');
  writeManifest('1.0.0');
  seed = await startCluster();
}, 90_000);

afterAll(async () => {
  await seed?.cluster.stop();
  home.remove();
  rmSync(packageDir, { recursive: true, force: true });
}, 60_000);

describe('wolfpack type register DIR', () => {
  it("builds a package never built, registers it and prints each module's sha256; a fresh build is not built again", async () => {
    const first = await cli('type', 'register', packageDir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`Building ${packageDir} (dist/engine.mjs is missing): npm run build`);
    const engineHash = sha256(join(packageDir, 'dist', 'engine.mjs'));
    const panelHash = sha256(join(packageDir, 'dist', 'panel.mjs'));
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe('Registered resource type Tally Counter 1.0.0 with its console panel');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^engine\\s+dist/engine\\.mjs\\s+${engineHash}$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^panel\\s+dist/panel\\.mjs\\s+${panelHash}$`)));
    expect((await seed.admin.resourceTypes.get(typeName)).sha256).toEqual({ engine: engineHash, panel: panelHash });

    const again = await cli('type', 'register', packageDir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout.split('\n')[0]).toBe(
      'Resource type Tally Counter 1.0.0 is registered already, with the same modules: nothing changed',
    );

    const shown = await cli('type', 'show', typeName);
    expect(shown.stdout).toMatch(new RegExp(`^Engine sha256:\\s+${engineHash}$`, 'm'));
    expect(shown.stdout).toMatch(new RegExp(`^Panel sha256:\\s+${panelHash}$`, 'm'));
  });

  it('refuses a new version without --replace, naming it; with --replace registers over the old one', async () => {
    writeFileSync(join(packageDir, 'src', 'engine.mjs'), engineSource('counting from two'));
    touchSources();
    const sameVersion = await cli('type', 'register', packageDir);
    expect(sameVersion.code).toBe(2);
    expect(sameVersion.stderr).toContain('Building');
    expect(sameVersion.stderr).toContain(
      'manifest.version: Tally Counter 1.0.0 is already registered with other modules or another manifest: a version never changes',
    );

    writeManifest('1.1.0');
    const withoutReplace = await cli('type', 'register', packageDir);
    expect(withoutReplace.code).toBe(2);
    expect(withoutReplace.stderr.trim().split('\n').at(-1)).toBe(
      'replace: resource type Tally Counter 1.0.0 is registered: registering 1.1.0 over it needs --replace (replace: true)',
    );
    expect((await seed.admin.resourceTypes.get(typeName)).version).toBe('1.0.0');

    const replaced = await cli('type', 'register', packageDir, '--replace');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout.split('\n')[0]).toBe(
      'Registered resource type Tally Counter 1.1.0 over 1.0.0 with its console panel',
    );
    expect(replaced.stdout).toContain('those online now keep running 1.0.0 until then');
    expect(await seed.admin.resourceTypes.get(typeName)).toMatchObject({
      version: '1.1.0',
      sha256: { engine: sha256(join(packageDir, 'dist', 'engine.mjs')) },
    });
  });

  it('refuses a broken build with its last lines, a bad manifest and an engine module that throws on import; the cluster keeps 1.1.0', async () => {
    const kept = await seed.admin.resourceTypes.get(typeName);

    writeFileSync(join(packageDir, 'src', 'FAIL'), '');
    writeManifest('1.2.0');
    touchSources();
    const broken = await cli('type', 'register', packageDir, '--replace');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(
      `${packageDir}: npm run build failed (exit 1); nothing was registered. Its last lines:`,
    );
    expect(broken.stderr).toContain('  src/engine.mjs:3:7: ERROR: Expected ";" but found "counter"');
    rmSync(join(packageDir, 'src', 'FAIL'));

    writeManifest('one point two');
    const badManifest = await cli('type', 'register', packageDir, '--replace');
    expect(badManifest.code).toBe(2);
    expect(badManifest.stderr).toMatch(/^manifest\.version: manifest\.version must match the pattern /m);

    writeManifest('1.2.0');
    writeFileSync(
      join(packageDir, 'src', 'engine.mjs'),
      engineSource('never', 'throw new Error("TALLY_LICENSE is not set");'),
    );
    touchSources();
    const throwing = await cli('type', 'register', packageDir, '--replace');
    expect(throwing.code).toBe(2);
    expect(throwing.stderr.trim().split('\n').at(-1)).toBe(
      'engineModule: the engine module cannot be imported: TALLY_LICENSE is not set',
    );

    expect(await seed.admin.resourceTypes.get(typeName)).toEqual(kept);
  });

  it('refuses a package without a build script when its build is stale, and --no-build uploads it as it is', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'wolfpack-bare-type-'));
    try {
      writeFileSync(
        join(bare, 'manifest.json'),
        JSON.stringify({
          name: 'Bare Type',
          version: '1.0.0',
          description: 'no build',
          propertySchema: { type: 'object', properties: {} },
          entryPoints: { engine: 'engine.mjs' },
        }),
      );
      const refused = await cli('type', 'register', bare);
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim()).toBe(
        `${bare}: the build is stale (engine.mjs is missing) and ${join(bare, 'package.json')} has no "build" script: build the package, or pass --no-build`,
      );
      writeFileSync(join(bare, 'engine.mjs'), engineSource('bare'));
      utimesSync(join(bare, 'engine.mjs'), new Date(0), new Date(0));
      expect((await cli('type', 'register', bare)).code).toBe(2);
      const unbuilt = await cli('type', 'register', bare, '--no-build');
      expect(unbuilt.code, unbuilt.stderr).toBe(0);
      expect(unbuilt.stdout).toMatch(/^Registered resource type Bare Type 1\.0\.0\n/);
      expect((await cli('type', 'unregister', 'Bare Type')).code).toBe(0);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('wolfpack type unregister NAME', () => {
  it('is refused while resources of the type exist, naming them; removes the type once they are gone', async () => {
    await seed.admin.groups.create({ name: 'TALLY_GROUP' });
    for (const name of ['Tally A', 'Tally B'])
      await seed.admin.resources.create({ name, group: 'TALLY_GROUP', resourceType: typeName });
    const refused = await cli('type', 'unregister', typeName);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'resource type Tally Counter is in use by resources Tally A, Tally B: delete them first',
    );
    expect((await seed.admin.resourceTypes.get(typeName)).version).toBe('1.1.0');

    for (const name of ['Tally A', 'Tally B']) await seed.admin.resources.delete(name);
    const removed = await cli('type', 'unregister', typeName);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout.trim()).toBe('removed resource type Tally Counter');
    expect((await cli('type', 'list')).stdout).not.toContain(typeName);
  });
});
