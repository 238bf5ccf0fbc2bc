import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { connect, type WolfpackClient } from '@wolfpack/client';
import { createCatalog, executeCommand, followClusterState } from '@wolfpack/engine';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
// The same 1000-group cluster the e2e first load and the server's live benchmark use.
import { seedManyGroups, seededGroupName } from '@wolfpack/testing/many-groups';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { collectOutput } from './cluster-handle.ts';
import { onEmergencyExit, stopChild } from './processes.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { summarize } from './stats.ts';

const groups = 1000;
const perGroup = 5;

/*
 * The server at 1000 groups × 5 resources (`--only api`): the cluster written straight into
 * an embedded store (nodes Up, every resource Online; no agents run), the real server
 * process (apps/server/dist/server.mjs) on it, and @wolfpack/client in this process.
 * - GET /api/v1/cluster over HTTP, as the console's first load and `wolfpack status` do;
 * - one set-group-properties command through executeCommand, reading the whole state for
 *   the command (a tool on the store) and deciding on a followed state's copy (what the
 *   server does since 2026-11-25), interleaved; then the same change over HTTP (PATCH).
 */
export async function benchApi(options: BenchOptions): Promise<BenchReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-api-'));
  const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
  const catalog = createCatalog(builtInTypeEntries());
  const seeding = performance.now();
  await seedManyGroups(store, groups, perGroup);
  options.log(
    `api: ${groups} groups × ${perGroup} resources written in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  const port = await freeTcpPort();
  const password = 'bench-admin-password';
  const output: string[] = [];
  const server = spawn(process.execPath, [createRequire(import.meta.url).resolve('@wolfpack/server/bundle')], {
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      WOLFPACK_ADMIN_PASSWORD: password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  collectOutput(server, output);
  const forget = onEmergencyExit(() => {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const follower = await followClusterState(store, {
    onChange: () => undefined,
    onError: (error) => options.log(`api: follower: ${error.message}`),
  });
  try {
    const client = await connectWhenUp(`http://127.0.0.1:${port}`, password, () =>
      server.exitCode !== null ? `server exited (${server.exitCode}):\n${output.join('\n')}` : undefined,
    );
    // One of each first: the server's and this process's code paths warmed up.
    const snapshot = await client.cluster.get();
    if (snapshot.groups.length < groups)
      throw new Error(`GET /cluster answered ${snapshot.groups.length} groups, not ${groups}`);
    const bytes = Buffer.byteLength(JSON.stringify(snapshot));
    // What crosses the wire for a client that accepts compression (Node's fetch does).
    const url = `http://127.0.0.1:${port}/api/v1/cluster`;
    const wire = {
      br: await bodyBytes(url, { 'accept-encoding': 'br', cookie: client.cookie ?? '' }),
      gzip: await bodyBytes(url, { 'accept-encoding': 'gzip', cookie: client.cookie ?? '' }),
    };

    const gets: number[] = [];
    for (let run = 1; run <= options.runs; run++) {
      const started = performance.now();
      await client.cluster.get();
      gets.push(performance.now() - started);
    }

    const group = seededGroupName(1);
    const command = (run: number) => ({ type: 'set-group-properties', name: group, description: `bench run ${run}` });
    const wholeState: number[] = [];
    const followed: number[] = [];
    const overHttp: number[] = [];
    await executeCommand(store, catalog, 'bench', command(0));
    for (let run = 1; run <= options.runs; run++) {
      let started = performance.now();
      await executeCommand(store, catalog, 'bench', command(run));
      wholeState.push(performance.now() - started);
      // As on the server between two administrators' commands: the copy has caught up.
      const revision = await store.revision();
      while (follower.state.revision < revision) await new Promise((resolve) => setTimeout(resolve, 1));
      started = performance.now();
      await executeCommand(store, catalog, 'bench', command(run), { recentState: () => follower.snapshot() });
      followed.push(performance.now() - started);
    }
    // Over HTTP, 50 ms apart (an administrator's pace): the server's followed copy has
    // caught up with the last change, as it has between two people's commands.
    for (let run = 1; run <= options.runs; run++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = performance.now();
      await client.groups.update(group, { description: `bench run ${run} over HTTP` });
      overHttp.push(performance.now() - started);
    }
    options.log(`api: ${options.runs} runs of each`);
    return {
      title: `the server at ${groups} groups × ${groups * perGroup} resources (embedded store, no agents; client in the bench process, server in its own)`,
      rows: [
        summarize('GET /api/v1/cluster over HTTP (@wolfpack/client: request, JSON parse)', gets),
        summarize('executeCommand set-group-properties, reading the whole state', wholeState),
        summarize("executeCommand set-group-properties, on a followed state (the server's way)", followed),
        summarize('PATCH /api/v1/groups/:name over HTTP (@wolfpack/client)', overHttp),
      ],
      facts: [
        ['GET /api/v1/cluster body (JSON as the client re-serializes it)', `${(bytes / 2 ** 20).toFixed(1)} MiB`],
        [
          'GET /api/v1/cluster on the wire, compressed by the server (br / gzip)',
          `${(wire.br.bytes / 2 ** 10).toFixed(0)} KiB (${wire.br.encoding}) / ${(wire.gzip.bytes / 2 ** 10).toFixed(0)} KiB (${wire.gzip.encoding})`,
        ],
      ],
      notes: [
        'the executeCommand rows run in the bench process on its own store connection, alternating; the followed state is followClusterState, as the server uses it',
      ],
    };
  } finally {
    await follower.stop();
    await stopChild(server, 'SIGTERM', 10_000);
    await store.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  }
}

/** Logs in as admin once the server answers. */
async function connectWhenUp(url: string, password: string, ended: () => string | undefined): Promise<WolfpackClient> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await connect({ url, username: 'admin', password });
    } catch (error) {
      const why = ended();
      if (why) throw new Error(why);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The size of a GET's body as sent (not decompressed), and its Content-Encoding. */
function bodyBytes(url: string, headers: Record<string, string>): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (reply) => {
      let bytes = 0;
      reply.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      reply.on('end', () => resolve({ bytes, encoding: reply.headers['content-encoding'] ?? 'identity' }));
      reply.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
