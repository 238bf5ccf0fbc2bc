// Bundles every runnable entry point (agents, resource hosts, resource type modules)
// into plain ES modules, so processes start fast without a TypeScript loader.
// Each workspace lists its bundles in package.json: "wolfpack": { "bundles": { out: src } }.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function workspaces() {
  const { workspaces: patterns } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    } else dirs.push(join(root, pattern));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

export async function buildAll({ quiet = false, strict = true } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const jobs = [];
  for (const dir of workspaces()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [out, src] of Object.entries(manifest.wolfpack?.bundles ?? {})) {
      if (!existsSync(join(dir, src))) {
        process.stderr.write(`[build] skipped ${join(dir, out)}: its source ${src} does not exist\n`);
        continue;
      }
      jobs.push(
        esbuild.build({
          entryPoints: [join(dir, src)],
          outfile: join(dir, out),
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'esm',
          sourcemap: 'linked',
          external: ['better-sqlite3', 'etcd3', '@grpc/grpc-js', 'cockatiel', '@node-rs/argon2', 'fastify', '@fastify/swagger-ui', 'socket.io'],
          // CommonJS dependencies inside an ES module bundle still call require().
          banner: { js: "import { createRequire as __wolfpackRequire } from 'node:module'; const require = __wolfpackRequire(import.meta.url);" },
          logLevel: 'error',
        }),
      );
    }
  }
  const results = await Promise.allSettled(jobs);
  const failures = results.filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    // Tests pass strict: false so that one workspace's broken bundle doesn't stop the others' tests.
    if (strict) throw failures[0].reason;
    process.stderr.write(`[build] ${failures.length} bundle(s) failed: ${failures.map((f) => String(f.reason).split('\n')[0]).join('; ')}\n`);
  }
  if (!quiet) process.stderr.write(`[build] ${jobs.length} bundles in ${Date.now() - started} ms\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAll();
