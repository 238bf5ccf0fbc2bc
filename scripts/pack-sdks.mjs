// Packs the SDKs a resource type written outside this repository needs, as an outside
// developer would get them from a registry: @wolfpack/contracts, @wolfpack/resource-sdk,
// @wolfpack/admin-sdk and @wolfpack/client (for the app a `--process` type runs), each
// an npm tarball of built JavaScript and .d.ts files. The
// workspace packages export their .ts sources (the repo runs them as they are), so each
// is staged in a folder of its own with a package.json whose exports name the built
// files, then `npm pack`ed. `wolfpack type new` copies the tarballs into the new
// package's vendor/ folder. Output: apps/cli/dist/sdk-packs/ (tarballs and sdk-packs.json).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const sdkPacksDir = join(root, 'apps', 'cli', 'dist', 'sdk-packs');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/**
 * The packages, each with its entry points (export subpath → source), the platform its
 * JavaScript runs on, the files copied as they are, and who provides its dependencies.
 * Contracts is a peer: the SDKs use its types and its import-free modules (the admin SDK
 * words its checks through schema-messages), and one copy must serve them all.
 */
const sdks = [
  {
    folder: 'contracts',
    platform: 'neutral',
    entries: { '.': 'src/index.ts', './schema-messages': 'src/schema-messages.ts', './addresses': 'src/addresses.ts' },
    copied: ['README.md'],
  },
  {
    folder: 'resource-sdk',
    platform: 'node',
    entries: {
      '.': 'src/index.ts',
      './testing': 'src/testing.ts',
      './token-bucket': 'src/token-bucket.ts',
      './process-table': 'src/process-table.ts',
    },
    copied: ['README.md'],
    peers: { '@wolfpack/contracts': 'contracts' },
  },
  {
    folder: 'admin-sdk',
    platform: 'browser',
    entries: { '.': 'src/index.ts' },
    copied: [
      'README.md',
      'vite-preset.mjs',
      'vite-preset.d.mts',
      'host-modules.mjs',
      'host-modules.d.mts',
      ['src/styles.css', 'styles.css'],
    ],
    extraExports: {
      './styles.css': './styles.css',
      './vite-preset': { types: './vite-preset.d.mts', default: './vite-preset.mjs' },
      './host-modules': { types: './host-modules.d.mts', default: './host-modules.mjs' },
    },
    peers: { '@wolfpack/contracts': 'contracts' },
  },
  {
    // The standalone bundle (`@wolfpack/client/standalone` in this repo) as the package's
    // main export: the endpoint table inlined, socket.io-client its one dependency from the
    // registry. Contracts is an optional peer: the declarations name its types, nothing runs it.
    folder: 'client',
    platform: 'neutral',
    entries: { '.': 'src/index.ts' },
    standalone: true,
    aliases: { './standalone': '.' },
    copied: ['README.md'],
    peers: { '@wolfpack/contracts': 'contracts' },
    optionalPeers: ['@wolfpack/contracts'],
  },
];

/** What the packs are made of: when one of these is newer than sdk-packs.json, pack again. */
export function packSources() {
  return [
    fileURLToPath(import.meta.url),
    ...sdks.flatMap(({ folder }) =>
      ['src', 'package.json', 'README.md', 'vite-preset.mjs', 'host-modules.mjs'].map((file) =>
        join(root, 'packages', folder, file),
      ),
    ),
  ];
}

/** `./src/x.ts` in a declaration file → `./x.js`: how a consumer's TypeScript finds `x.d.ts`. */
function rewriteSpecifiers(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) rewriteSpecifiers(path);
    else if (name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(/(['"])(\.{1,2}\/[^'"]+)\.tsx?\1/g, '$1$2.js$1');
      writeFileSync(path, text);
    }
  }
}

/** The declarations of a package's sources, with the repo's own compiler. */
function emitDeclarations(source, outDir) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const options = [
    '--ignoreConfig',
    '--declaration',
    '--emitDeclarationOnly',
    '--outDir',
    outDir,
    '--rootDir',
    join(source, 'src'),
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--strict',
    '--skipLibCheck',
    '--allowImportingTsExtensions',
    '--jsx',
    'react-jsx',
    '--types',
    'node',
    '--noCheck',
  ];
  const files = readdirSync(join(source, 'src'))
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(source, 'src', name));
  // --noCheck: declarations need no type check (npm run typecheck does that), and a
  // half-edited file elsewhere in the SDK must not stop `type new`.
  try {
    execFileSync(process.execPath, [tsc, ...options, ...files], {
      cwd: source,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new Error(
      `declarations of ${relative(root, source)} could not be emitted: ${String(error.stdout || error.stderr || error.message).trim()}`,
    );
  }
  rewriteSpecifiers(outDir);
}

/** Stages and packs one SDK; resolves to the tarball's file name. */
async function packOne(sdk, versions, stageRoot, destination) {
  const esbuild = await import('esbuild');
  const source = join(root, 'packages', sdk.folder);
  const manifest = readJson(join(source, 'package.json'));
  const stage = join(stageRoot, sdk.folder);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });

  const exports = {};
  for (const [subpath, entry] of Object.entries(sdk.entries)) {
    const base = entry.replace(/^src\//, '').replace(/\.tsx?$/, '');
    // A standalone package inlines everything but its registry dependencies, as scripts/build.mjs does.
    const linking = sdk.standalone
      ? { external: manifest.wolfpack.bundles['dist/client.mjs'].standalone.external }
      : { packages: 'external' };
    await esbuild.build({
      entryPoints: [join(source, entry)],
      outfile: join(stage, 'dist', `${base}.js`),
      bundle: true,
      ...linking,
      platform: sdk.platform,
      format: 'esm',
      target: 'es2022',
      jsx: 'automatic',
      logLevel: 'error',
    });
    exports[subpath] = { types: `./types/${base}.d.ts`, default: `./dist/${base}.js` };
  }
  for (const [alias, subpath] of Object.entries(sdk.aliases ?? {})) exports[alias] = exports[subpath];
  emitDeclarations(source, join(stage, 'types'));
  for (const file of sdk.copied) {
    const [from, to] = Array.isArray(file) ? file : [file, file];
    copyFileSync(join(source, from), join(stage, to));
  }

  // Runtime dependencies that stay dependencies (typebox); the repo's own packages become peers.
  const dependencies = Object.fromEntries(
    Object.entries(manifest.dependencies ?? {}).filter(([name]) => !name.startsWith('@wolfpack/') && name !== 'vite'),
  );
  const peerDependencies = { ...manifest.peerDependencies };
  for (const [name, folder] of Object.entries(sdk.peers ?? {})) peerDependencies[name] = versions[folder];
  if (sdk.folder === 'admin-sdk') peerDependencies.vite = manifest.dependencies.vite;
  const staged = {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    type: 'module',
    exports: { ...exports, ...sdk.extraExports },
    ...(Object.keys(dependencies).length ? { dependencies } : {}),
    ...(Object.keys(peerDependencies).length ? { peerDependencies } : {}),
    ...(sdk.optionalPeers
      ? { peerDependenciesMeta: Object.fromEntries(sdk.optionalPeers.map((name) => [name, { optional: true }])) }
      : {}),
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: stage,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  return packed.filename;
}

/** The registry versions a generated package should use: the ones this repo builds and tests with. */
function publicVersions() {
  const rootManifest = readJson(join(root, 'package.json'));
  const admin = readJson(join(root, 'packages', 'admin-sdk', 'package.json'));
  const all = { ...rootManifest.devDependencies, ...admin.dependencies, ...admin.devDependencies };
  const names = [
    'esbuild',
    'typescript',
    'vitest',
    '@types/node',
    'vite',
    'react',
    'react-dom',
    '@types/react',
    '@types/react-dom',
    'happy-dom',
    '@testing-library/react',
    '@testing-library/dom',
  ];
  return Object.fromEntries(names.map((name) => [name, all[name]]));
}

/**
 * Packs the SDKs into sdkPacksDir and writes sdk-packs.json:
 * { packages: { "@wolfpack/…": "file name.tgz" }, registry: { name: range } }.
 */
export async function packSdks({ quiet = false } = {}) {
  const started = Date.now();
  // Built aside, then renamed into place: a `type new` running meanwhile copies whole tarballs.
  const work = join(sdkPacksDir, `.pack-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const versions = Object.fromEntries(
      sdks.map(({ folder }) => [folder, readJson(join(root, 'packages', folder, 'package.json')).version]),
    );
    const packages = {};
    for (const sdk of sdks)
      packages[readJson(join(root, 'packages', sdk.folder, 'package.json')).name] = await packOne(
        sdk,
        versions,
        join(work, 'stage'),
        work,
      );
    for (const file of Object.values(packages)) renameSync(join(work, file), join(sdkPacksDir, file));
    for (const name of readdirSync(sdkPacksDir))
      if (name.endsWith('.tgz') && !Object.values(packages).includes(name))
        rmSync(join(sdkPacksDir, name), { force: true });
    // Written last: its time stamp is what staleness is judged by.
    writeFileSync(
      join(work, 'sdk-packs.json'),
      `${JSON.stringify({ packages, registry: publicVersions() }, null, 2)}\n`,
    );
    renameSync(join(work, 'sdk-packs.json'), join(sdkPacksDir, 'sdk-packs.json'));
    if (!quiet)
      process.stderr.write(
        `[sdk-packs] ${Object.values(packages).join(', ')} in ${Date.now() - started} ms → ${relative(process.cwd(), sdkPacksDir) || '.'}\n`,
      );
    return packages;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await packSdks();
