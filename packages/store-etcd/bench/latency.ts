/*
 * Latency of the etcd store on a tuned 3-member loopback cluster: put, linearizable get,
 * txn, cross-client watch delivery, single keepAlive; then, over a few leader crashes,
 * how long until the first write and the first lease renewal succeed again.
 * Run: npm run bench -w @wolfpack/store-etcd (prints a table).
 */
import type { ClusterStore } from '@wolfpack/store';
import { openEtcdStore } from '../src/index.ts';
import { startEtcdCluster } from '../src/testing/index.ts';
import { freeEtcdPorts } from '@wolfpack/testing/ports';

const samples = Number(process.env.SAMPLES ?? 500);
const crashes = Number(process.env.CRASHES ?? 5);
const requestTimeoutMs = Number(process.env.REQUEST_TIMEOUT_MS ?? 1000);

const cluster = await startEtcdCluster({ members: 3, tuned: true, ...(await freeEtcdPorts(3)) });
const writer = await openEtcdStore({ endpoints: cluster.endpoints, requestTimeoutMs });
const watcher = await openEtcdStore({ endpoints: cluster.endpoints, requestTimeoutMs });
const rows: string[][] = [];

async function measure(name: string, count: number, operation: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 50; i += 1) await operation(-1 - i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await operation(i);
    times.push(performance.now() - started);
  }
  rows.push(row(name, times));
}

function row(name: string, times: number[]): string[] {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return [name, String(times.length), at(0.5), at(0.95), at(0.99), sorted.at(-1)!.toFixed(2)];
}

const value = 'x'.repeat(200);
await measure('put (200 B)', samples, (i) => writer.put(`/bench/put/${i % 100}`, value));
await measure('get (linearizable)', samples, (i) => writer.get(`/bench/put/${Math.abs(i) % 100}`));
await measure('txn (compare + put)', samples, (i) =>
  writer.txn({
    compare: [{ key: '/bench/txn', target: 'version', op: '>', value: -1 }],
    success: [{ op: 'put', key: '/bench/txn', value: String(i) }],
  }),
);

// Cross-client watch: another client's watch sees each put; one put at a time.
let delivered: (() => void) | undefined;
await watcher.watch('/bench/watch/', {}, { onBatch: () => delivered?.() });
await measure('watch delivery (other client)', samples, async (i) => {
  const seen = new Promise<void>((resolve) => (delivered = resolve));
  await Promise.all([writer.put(`/bench/watch/${i}`, value), seen]);
});

const lease = await writer.grantLease(10_000);
await measure('keepAlive (once)', samples, () => writer.keepAlive(lease.id));

// Leader crashes: kill -9 the raft leader, then retry until a write / a renewal succeeds.
const firstWrite: number[] = [];
const firstRenewal: number[] = [];
for (let crash = 0; crash < crashes; crash += 1) {
  await cluster.waitHealthy();
  const leader = await cluster.leaderIndex();
  if (leader === undefined) continue;
  const renewed = await writer.grantLease(10_000);
  await cluster.killMember(leader);
  const killed = performance.now();
  const retry = async (what: (store: ClusterStore) => Promise<unknown>, into: number[]) => {
    for (;;) {
      try {
        await what(watcher);
        into.push(performance.now() - killed);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  await Promise.all([
    retry((store) => store.put('/bench/crash', String(crash)), firstWrite),
    retry((store) => store.keepAlive(renewed.id), firstRenewal),
  ]);
  await cluster.startMember(leader);
}
rows.push(row(`first write after leader kill -9 (timeout ${requestTimeoutMs} ms)`, firstWrite));
rows.push(row('first keepAlive after leader kill -9', firstRenewal));

const header = ['operation', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
const widths = header.map((_, column) => Math.max(...[header, ...rows].map((r) => r[column]!.length)));
for (const r of [header, ...rows])
  console.log(
    r.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '),
  );
console.log(`etcd ${cluster.settings.join(' ')}`);

await writer.close();
await watcher.close();
await cluster.stop();
