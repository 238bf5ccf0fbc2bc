// Bundles every runnable entry point (agents, resource hosts, resource type modules)
// into plain ES modules, so processes start fast without a TypeScript loader.
// Each workspace lists its bundles in package.json: "wolfpack": { "bundles": { out: src } }.
// A bundle may also be a library for Node and browsers, `"dist/x.mjs": { "entry": …, "standalone": { "external": [...] } }`,
// or a folder of chunks, `"dist/": { "entry": "src/main.ts", "splitting": true }`:
// dynamic import()s become chunks loaded only when reached (the CLI starts fast this way).
import { readFileSync, readdirSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function workspaces() {
  const { workspaces: patterns } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true }))
        if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    } else dirs.push(join(root, pattern));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  external: [
    'better-sqlite3',
    'etcd3',
    '@grpc/grpc-js',
    'cockatiel',
    '@node-rs/argon2',
    'fastify',
    '@fastify/swagger-ui',
    'socket.io',
  ],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: {
    js: "import { createRequire as __wolfpackRequire } from 'node:module'; const require = __wolfpackRequire(import.meta.url);",
  },
  logLevel: 'error',
};

/** The bundles a workspace's package.json lists, as build jobs (none when its source is not written yet). */
function bundlesOf(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const jobs = [];
  for (const [out, spec] of Object.entries(manifest.wolfpack?.bundles ?? {})) {
    const { entry, splitting = false, standalone } = typeof spec === 'string' ? { entry: spec } : spec;
    if (!existsSync(join(dir, entry))) {
      process.stderr.write(`[build] skipped ${join(dir, out)}: its source ${entry} does not exist\n`);
      continue;
    }
    jobs.push(
      splitting
        ? bundleFolder(join(dir, entry), join(dir, out))
        : bundleFile(join(dir, entry), join(dir, out), standalone),
    );
  }
  return jobs;
}

/**
 * One file. `standalone: { external: [...] }` makes a library for Node and browsers alike
 * (`@wolfpack/client/standalone`): every dependency inlined but the ones named, and
 * nothing Node-only (no require shim).
 */
async function bundleFile(entry, outfile, standalone) {
  const esbuild = await import('esbuild');
  const options = standalone
    ? { ...shared, platform: 'neutral', target: 'es2022', banner: {}, external: standalone.external ?? [] }
    : shared;
  await esbuild.build({ ...options, entryPoints: [entry], outfile });
}

/**
 * A split bundle: the entry (`src/main.ts` → `main.mjs`) and its chunks. A program may be
 * running from this folder while it is rebuilt (the CLI rebuilds itself when stale), so
 * the chunks, named by content hash, are written first and the entry last, each by
 * rename; chunks the new entry no longer reaches are removed.
 */
async function bundleFolder(entry, outdir) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    ...shared,
    entryPoints: [entry],
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
  });
  // esbuild names its output files by absolute path: so must the folder they are kept by.
  const chunks = resolve(outdir, 'chunks');
  const isChunk = (path) => !relative(chunks, path).startsWith('..');
  const files = [...result.outputFiles].sort((a, b) => Number(isChunk(b.path)) - Number(isChunk(a.path)));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  const kept = new Set(files.map((file) => file.path));
  if (existsSync(chunks)) {
    for (const name of readdirSync(chunks))
      if (!kept.has(join(chunks, name)) && !name.endsWith('.tmp')) rmSync(join(chunks, name), { force: true });
  }
}

/** Bundles one workspace (the folder holding its package.json). */
export async function buildWorkspace(dir) {
  await Promise.all(bundlesOf(dir));
}

export async function buildAll({ quiet = false, strict = true } = {}) {
  const started = Date.now();
  const jobs = workspaces().flatMap(bundlesOf);
  const results = await Promise.allSettled(jobs);
  const failures = results.filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    // Tests pass strict: false so that one workspace's broken bundle doesn't stop the others' tests.
    if (strict) throw failures[0].reason;
    process.stderr.write(
      `[build] ${failures.length} bundle(s) failed: ${failures.map((f) => String(f.reason).split('\n')[0]).join('; ')}\n`,
    );
  }
  if (!quiet) process.stderr.write(`[build] ${jobs.length} bundles in ${Date.now() - started} ms\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
