// Embedded cluster store benchmark: put / txn / keepAlive latency for both durability
// modes, and how fast a write in one process reaches a watcher in another.
// Run: node bench/store.bench.mjs   (bundles the TypeScript sources with esbuild first)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp', 'bench-store');
mkdirSync(out, { recursive: true });

// The twin of bundleForNode (@wolfpack/testing/build): node 20 runs this file as is, and cannot import TypeScript.
async function bundle(entry, name) {
  const outfile = join(out, name);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
  return outfile;
}

const resolveModule = createRequire(import.meta.url).resolve;
const storeModule = await import(await bundle(resolveModule('@wolfpack/store-embedded'), 'store.mjs'));
const worker = await bundle(resolveModule('@wolfpack/testing/store-worker'), 'store-worker.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wolfpack-store-bench-'));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summary(label, samplesMs) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const f = (x) => x.toFixed(3).padStart(8);
  console.log(
    `${label.padEnd(72)} n=${String(sorted.length).padStart(5)}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1))}  mean ${f(mean)} ms`,
  );
}

async function time(count, action) {
  const samples = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await action(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

// A resource status as the engine writes it: a few hundred bytes of JSON.
const statusValue = (i) =>
  JSON.stringify({
    name: `resource-${i % 50}`,
    state: 'Online',
    node: 'OSDB_SERV',
    epoch: i,
    updatedAt: Date.now(),
    detail: 'x'.repeat(200),
  });

for (const durability of ['process', 'power']) {
  const store = await storeModule.openEmbeddedStore({ path: join(dir, `latency-${durability}.db`), durability });
  const count = durability === 'power' ? 500 : 3000;
  await time(100, (i) => store.put(`/bench/warm/${i}`, statusValue(i)));
  summary(
    `put, durability=${durability}`,
    await time(count, (i) => store.put(`/bench/status/${i % 50}`, statusValue(i))),
  );
  await store.put('/bench/counter', '0');
  summary(
    `txn compare-and-swap, durability=${durability}`,
    await time(count, async () => {
      const current = await store.get('/bench/counter');
      await store.txn({
        compare: [{ key: '/bench/counter', target: 'modRevision', op: '=', value: current.modRevision }],
        success: [{ op: 'put', key: '/bench/counter', value: String(Number(current.value) + 1) }],
      });
    }),
  );
  const lease = await store.grantLease(60_000);
  summary(`keepAlive, durability=${durability}`, await time(count, () => store.keepAlive(lease.id)));
  const big = 'x'.repeat(2 * 1024 * 1024);
  summary(`put 2 MB value, durability=${durability}`, await time(20, (i) => store.put(`/bench/type/${i % 3}`, big)));
  await store.close();
}

// Contention: another process writes flat out while this one puts (SQLite's busy handler waits in steps).
{
  const path = join(dir, 'contention.db');
  const store = await storeModule.openEmbeddedStore({ path });
  const child = spawn(process.execPath, [worker, 'writer', path, '/bench/rival/', 'forever'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  await new Promise((resolve) => lines.once('line', resolve));
  child.stdout.resume();
  const started = Date.now();
  const before = await store.revision();
  summary(
    'put, another process writing flat out',
    await time(2000, (i) => store.put(`/bench/status/${i % 50}`, statusValue(i))),
  );
  const rivalWrites = (await store.revision()) - before - 2000;
  console.log(
    `  (meanwhile the other process committed ${rivalWrites} writes, ${Math.round(rivalWrites / ((Date.now() - started) / 1000))}/s)`,
  );
  child.kill('SIGKILL');
  await store.close();
}

// Same process, another store instance on the file: the write path wakes it directly.
{
  const path = join(dir, 'same-process.db');
  const writer = await storeModule.openEmbeddedStore({ path });
  const reader = await storeModule.openEmbeddedStore({ path });
  const samples = [];
  let pending;
  await reader.watch(
    '/bench/ping',
    {},
    {
      onBatch: (batch) => {
        for (const e of batch.events) samples.push(Number(process.hrtime.bigint() - BigInt(e.kv.value)) / 1e6);
        pending?.();
      },
    },
  );
  for (let i = 0; i < 300; i += 1) {
    const seen = new Promise((resolve) => (pending = resolve));
    await writer.put('/bench/ping', process.hrtime.bigint().toString());
    await seen;
  }
  summary('watch latency, same process (put -> onBatch)', samples);
  await writer.close();
  await reader.close();
}

// Another process writes; hrtime is CLOCK_MONOTONIC, shared by every process of the machine.
for (const [durability, watchFile] of [
  ['power', true],
  ['process', true],
  ['power', false],
]) {
  const path = join(dir, `cross-process-${durability}-${watchFile}.db`);
  const store = await storeModule.openEmbeddedStore({ path, durability, watchFile, pollIntervalMs: 50 });
  const samples = [];
  await store.watch(
    '/bench/ping',
    {},
    {
      onBatch: (batch) => {
        for (const e of batch.events) samples.push(Number(process.hrtime.bigint() - BigInt(e.kv.value)) / 1e6);
      },
    },
  );
  const env = { ...process.env, WOLFPACK_STORE_DURABILITY: durability };
  const child = spawn(process.execPath, [worker, 'pinger', path, '/bench/ping', '400', '15'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  await new Promise((resolve) =>
    createInterface({ input: child.stdout }).on('line', (line) => line === 'done' && resolve()),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  summary(
    `watch latency, other process, durability=${durability}, ${watchFile ? 'inotify + 50 ms poll' : '50 ms poll only'}`,
    samples.slice(20),
  );
  await store.close();
}

rmSync(dir, { recursive: true, force: true });
