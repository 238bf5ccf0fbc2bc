import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { bundleForNode } from '@wolfpack/testing/build';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { keys, type ResourceStatus } from '@wolfpack/contracts';
import { clusterSnapshot, createCatalog, loadClusterState } from '@wolfpack/engine';
import type { ClusterStore, TxnOp } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { expect, test } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { place, startLiveServer, type LiveServer } from './harness.ts';
import { LiveClient } from './live-client.ts';
// The same 1000-group cluster the e2e first-load measurement uses.
import { seedManyGroups, seededGroupName } from '@wolfpack/testing/many-groups';
import { buildApp } from '../../src/app.ts';
import { bootstrapAdmin } from '../../src/users/bootstrap.ts';

/*
 * Benchmark (WOLFPACK_BENCH=1 npx vitest run apps/server/test/live/live-latency.bench.test.ts):
 * store change → socket.io client received, with the writer in this process and in
 * another one (as node agents are), at 10 groups / 50 resources and at 1000 / 5000;
 * snapshot build time and size; a synthetic failover of 1000 groups (the benchmark writes
 * the deletes and placements a node failure would cause; no agents run); server RSS.
 */

const now = () => performance.timeOrigin + performance.now();
const catalog = createCatalog(builtInTypeEntries());
const rows: [string, string][] = [];
const row = (label: string, value: string) => {
  rows.push([label, value]);
  console.log(`${label.padEnd(58)} ${value}`);
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A writer process like a node agent, from bench-writer.ts bundled now. */
async function startWriter(storePath: string): Promise<{
  child: ChildProcess;
  write(resource: string, group: string, since: number): Promise<{ startedAt: number; committedAt: number }>;
}> {
  const out = await bundleForNode(
    join(dirname(fileURLToPath(import.meta.url)), 'bench-writer.ts'),
    join(repositoryRoot, '.tmp', 'live-bench', 'writer.mjs'),
  );
  const child = fork(out, [storePath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bench writer exited with code ${code}`)));
  });
  const pending = new Map<number, (reply: { startedAt: number; committedAt: number }) => void>();
  child.on('message', (reply: { since: number; startedAt: number; committedAt: number }) =>
    pending.get(reply.since)?.(reply),
  );
  return {
    child,
    write: (resource, group, since) =>
      new Promise((resolve) => {
        pending.set(since, resolve);
        child.send({ resource, group, node: 'OSDB_SERV', state: since % 2 ? 'Online' : 'Failed', since });
      }),
  };
}

/** Arrival time at the client (before it applies the batch) of the resource change whose `since` is this id. */
function arrivalOf(live: LiveClient, since: number, from: number): number | undefined {
  for (let index = from; index < live.messages.length; index++) {
    const message = live.messages[index]!;
    if (message.type !== 'changes') continue;
    if (message.changes.some((change) => change.kind === 'resource' && change.value?.since === since))
      return live.arrivals[index];
  }
  return undefined;
}

interface Latencies {
  /** Write started → client received. */
  fromStart: number[];
  /** Write committed (the put resolved) → client received. */
  fromCommit: number[];
}

/**
 * `count` status changes, one at a time, `gapMs` apart (more than the batch window: each
 * is a change after a quiet spell, as most are).
 */
async function measureLatency(
  live: LiveClient,
  count: number,
  firstId: number,
  write: (n: number, since: number) => Promise<{ startedAt: number; committedAt: number }>,
  gapMs = 15,
): Promise<Latencies> {
  const result: Latencies = { fromStart: [], fromCommit: [] };
  for (let n = 0; n < count; n++) {
    const since = firstId + n;
    const from = live.messages.length;
    const { startedAt, committedAt } = await write(n, since);
    let arrived: number | undefined;
    await live.waitFor(`change ${since}`, () => (arrived = arrivalOf(live, since, from)) !== undefined);
    result.fromStart.push(arrived! - startedAt);
    result.fromCommit.push(arrived! - committedAt);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return result;
}

const latencyRow = (label: string, latencies: Latencies) =>
  row(
    label,
    `from write start ${ms(percentile(latencies.fromStart, 50))} / ${ms(percentile(latencies.fromStart, 95))}; from commit ${ms(percentile(latencies.fromCommit, 50))} / ${ms(percentile(latencies.fromCommit, 95))}`,
  );

async function withCluster(
  groups: number,
  perGroup: number,
  body: (store: ClusterStore, path: string, server: LiveServer) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wolfpack-live-bench-'));
  const path = join(dir, 'cluster.db');
  const store = await openEmbeddedStore({ path });
  try {
    await seedManyGroups(store, groups, perGroup);
    const started = performance.now();
    const server = await startLiveServer(store, catalog);
    row(`[${groups}/${groups * perGroup}] server start with live hub (load + views)`, ms(performance.now() - started));
    try {
      await body(store, path, server);
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWhen('bench', 'live state benchmark', () => {
  test('change → client latency, snapshot size and time, failover burst, RSS', async () => {
    for (const [groups, perGroup] of [
      [10, 5],
      [1000, 5],
    ] as const) {
      const scale = `[${groups}/${groups * perGroup}]`;
      await withCluster(groups, perGroup, async (store, path, server) => {
        const group = (n: number) => seededGroupName(n % groups);
        const resource = (n: number) => `${group(n)} R${n % perGroup}`;

        // Snapshot: build (as GET /cluster and the hub do), serialize, and over socket.io.
        const state = await loadClusterState(store);
        const builds: number[] = [];
        const serializations: number[] = [];
        let json = '';
        for (let n = 0; n < 5; n++) {
          const start = performance.now();
          const snapshot = clusterSnapshot(state, catalog);
          builds.push(performance.now() - start);
          const serializing = performance.now();
          json = JSON.stringify(snapshot);
          serializations.push(performance.now() - serializing);
        }
        row(`${scale} snapshot build (clusterSnapshot), median of 5`, ms(percentile(builds, 50)));
        row(`${scale} snapshot JSON.stringify, median of 5`, ms(percentile(serializations, 50)));
        row(`${scale} snapshot JSON size`, mb(Buffer.byteLength(json)));

        // GET /cluster through the real app (routes, auth, serializer), signed in as admin.
        await bootstrapAdmin(store, 'bench-password');
        const app = await buildApp({ store, dataDir: dirname(path), loginAttemptsPerMinute: 1000 });
        try {
          const login = await app.inject({
            method: 'POST',
            url: '/api/v1/session',
            payload: { username: 'admin', password: 'bench-password' },
          });
          const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0]!;
          const replies: number[] = [];
          let bytes = 0;
          for (let n = 0; n < 10; n++) {
            const start = performance.now();
            const reply = await app.inject({ method: 'GET', url: '/api/v1/cluster', headers: { cookie } });
            replies.push(performance.now() - start);
            expect(reply.statusCode).toBe(200);
            bytes = reply.rawPayload.length;
          }
          row(
            `${scale} GET /api/v1/cluster (in-process inject): p50 / p95 of 10`,
            `${ms(percentile(replies, 50))} / ${ms(percentile(replies, 95))}, ${mb(bytes)}`,
          );
        } finally {
          await app.close();
        }
        const connectStart = now();
        const live = new LiveClient(server.url);
        await live.connect();
        await live.waitForSnapshot(60_000);
        row(`${scale} connect → snapshot arrived at the client (parsed)`, ms(live.arrivals[0]! - connectStart));

        try {
          const inProcess = await measureLatency(live, 500, 1_000_000, async (n, since) => {
            const status: ResourceStatus = {
              name: resource(n),
              group: group(n),
              node: 'OSDB_SERV',
              epoch: 1,
              state: since % 2 ? 'Online' : 'Failed',
              since,
              failures: [],
            };
            const startedAt = now();
            await store.put(keys.resourceStatus(resource(n)), JSON.stringify(status));
            return { startedAt, committedAt: now() };
          });
          latencyRow(`${scale} change → client, writer in this process: p50 / p95`, inProcess);

          const writer = await startWriter(path);
          try {
            const crossProcess = await measureLatency(live, 500, 2_000_000, (n, since) =>
              writer.write(resource(n), group(n), since),
            );
            latencyRow(`${scale} change → client, writer in another process: p50 / p95`, crossProcess);
          } finally {
            writer.child.send('stop');
          }

          // A SYNTHETIC failover: no agent or manager runs. The benchmark itself writes what a
          // node failure would: OSDB_SERV's statuses deleted in one revision (its lease
          // expiring), then every group placed on OSDB_BACK in txns of 100 (the manager's
          // decisions). It measures the live feed's delivery of such a burst, not a failover.
          const mark = live.messages.length;
          const failoverStart = performance.now();
          const gone: TxnOp[] = [{ op: 'delete', key: keys.nodeStatus('OSDB_SERV') }];
          for (let i = 0; i < groups; i++)
            for (let j = 0; j < perGroup; j++)
              gone.push({ op: 'delete', key: keys.resourceStatus(`${group(i)} R${j}`) });
          await store.txn({ compare: [], success: gone });
          for (let first = 0; first < groups; first += 100) {
            const ops: TxnOp[] = [];
            for (let i = first; i < Math.min(groups, first + 100); i++) {
              ops.push({
                op: 'put',
                key: keys.placement(group(i)),
                value: JSON.stringify({ group: group(i), node: 'OSDB_BACK', epoch: 2, reason: 'failover', at: 2 }),
              });
            }
            await store.txn({ compare: [], success: ops });
          }
          const writesDone = performance.now();
          await live.waitFor(
            'every group on OSDB_BACK',
            () => [...live.state.groups.values()].every((view) => view.ownerNode === 'OSDB_BACK'),
            60_000,
          );
          const batches = live.messages.slice(mark);
          const lastArrival = live.arrivals.at(-1)! - performance.timeOrigin;
          row(
            `${scale} synthetic node down + placement of ${groups} groups (written by the benchmark, no agents) → last batch at the client`,
            `${ms(lastArrival - failoverStart)} (writes took ${ms(writesDone - failoverStart)}) in ${batches.length} batches (${batches.reduce((sum, b) => sum + ('changes' in b ? b.changes.length : 0), 0)} changes)`,
          );
          expect(live.disorder).toEqual([]);
          await place(store, group(0), 'OSDB_SERV', 3);
        } finally {
          live.close();
        }
        row(`${scale} RSS of the server process (vitest worker with store + hub)`, mb(process.memoryUsage().rss));
      });
    }
    row('load average (1 min) at the end, on this many cores', `${loadavg()[0]!.toFixed(1)} on ${cpus().length}`);
    console.log(`\nlive state benchmark\n${rows.map(([label, value]) => `| ${label} | ${value} |`).join('\n')}`);
  }, 600_000);
});
