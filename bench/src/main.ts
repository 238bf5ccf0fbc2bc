#!/usr/bin/env node
// `npm run bench`: failover benchmarks on real clusters of real processes. Each benchmark
// starts its own cluster on a temp data dir, its own loopback address and ports, and
// leaves no process behind. Flags: --runs N, --only move|crash|node-kill|scale|cli|api|memory (repeatable
// or comma-separated), --quick (fewer runs, a smaller scale point), --scale-runs N, --json FILE.
// Exits 1 when a benchmark threw or a scale point did not finish (npm test's smoke run relies on it).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchApi } from './api-bench.ts';
import { benchCli } from './cli-bench.ts';
import { benchCrash } from './crash-bench.ts';
import { benchEtcdMove } from './etcd-move-bench.ts';
import { benchEtcdNodeKill } from './etcd-node-kill-bench.ts';
import { benchMemory } from './memory-bench.ts';
import { benchMove } from './move-bench.ts';
import { benchNodeKill } from './node-kill-bench.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { benchScale } from './scale-bench.ts';
import { formatFacts, formatTable } from './stats.ts';

const benchmarks = {
  move: benchMove,
  crash: benchCrash,
  'node-kill': benchNodeKill,
  scale: benchScale,
  cli: benchCli,
  api: benchApi,
  memory: benchMemory,
} as const;
type BenchName = keyof typeof benchmarks;
/** `--etcd`: the same failovers on the distributed topology (3 etcd members, 3 wolfpackd). */
const etcdBenchmarks = { move: benchEtcdMove, 'node-kill': benchEtcdNodeKill } as const;

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    'scale-runs': { type: 'string', default: '1' },
    only: { type: 'string', multiple: true },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    logs: { type: 'string' },
    nodes: { type: 'string' },
    groups: { type: 'string' },
    ttl: { type: 'string' },
    stagger: { type: 'boolean' },
    'scale-timeout': { type: 'string' },
    profile: { type: 'boolean', default: false },
    etcd: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'usage: npm run bench -- [--runs N] [--only move|crash|node-kill|scale|cli|api|memory] [--quick] [--json FILE]\n' +
      '  --runs N   runs of each failover benchmark (default 20, --quick 5)\n' +
      '  --scale-runs N   runs of the scale point (default 1: it takes minutes)\n' +
      '  --only     one benchmark (repeat or comma-separate for several); cli: wolfpack --version and status start-up; api: GET /cluster and a command at 1000 groups; memory: resident memory of npm start (samples: --runs)\n' +
      '  --quick    fewer runs and a smaller scale point (4 nodes, 100 groups)\n' +
      '  --etcd     planned move and node kill on 3 etcd members + 3 wolfpackd instead (--only move|node-kill)\n' +
      "  --nodes N, --groups G   the scale point's size (default 16 and 1000)\n" +
      "  --ttl MS   the scale cluster's lease TTL (default 5000); --stagger starts its agents one at a time\n" +
      '  --scale-timeout S   give up on a scale phase after S seconds (default 300); a phase given up on fails the run\n' +
      "  --logs DIR keep the scale point's agent logs in DIR; --profile adds a CPU profile of NODE01 there (profiles/)\n",
  );
  process.exit(0);
}

const suite = (values.etcd ? etcdBenchmarks : benchmarks) as typeof benchmarks;
const selected = (values.only ?? Object.keys(suite)).flatMap((entry) => entry.split(',')).filter(Boolean);
for (const name of selected) {
  if (!(name in suite)) {
    process.stderr.write(`--only ${name}: unknown benchmark; pick one of ${Object.keys(suite).join(', ')}\n`);
    process.exit(2);
  }
}
const runs = values.runs === undefined ? (values.quick ? 5 : 20) : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs ${values.runs}: must be a whole number of at least 1\n`);
  process.exit(2);
}

const scaleRuns = Number(values['scale-runs']);
if (!Number.isInteger(scaleRuns) || scaleRuns < 1) {
  process.stderr.write(`--scale-runs ${values['scale-runs']}: must be a whole number of at least 1\n`);
  process.exit(2);
}

const started = Date.now();
const log = (message: string) =>
  process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
const options: BenchOptions = {
  runs,
  quick: values.quick,
  log,
  ...(values.logs ? { logDir: resolve(values.logs) } : {}),
  profile: values.profile,
  ...(values.nodes ? { scaleNodes: wholeNumber('--nodes', values.nodes) } : {}),
  ...(values.groups ? { scaleGroups: wholeNumber('--groups', values.groups) } : {}),
  ...(values.ttl ? { scaleLeaseTtlMs: wholeNumber('--ttl', values.ttl) } : {}),
  ...(values.stagger !== undefined ? { scaleStagger: values.stagger } : {}),
  ...(values['scale-timeout']
    ? { scaleTimeoutMs: wholeNumber('--scale-timeout', values['scale-timeout']) * 1000 }
    : {}),
};

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (Number.isInteger(value) && value >= 1) return value;
  process.stderr.write(`${flag} ${text}: must be a whole number of at least 1\n`);
  process.exit(2);
}

log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
const reports: BenchReport[] = [];
let failed = false;
for (const name of selected as BenchName[]) {
  const benchStarted = Date.now();
  try {
    const result = await suite[name]({ ...options, runs: name === 'scale' ? scaleRuns : runs });
    for (const report of Array.isArray(result) ? result : [result]) {
      reports.push(report);
      print(report);
    }
    // A scale point that did not finish still reports what it measured, and fails the bench.
    const unfinished = (Array.isArray(result) ? result : [result]).flatMap((report) =>
      (report.unfinished ?? []).map((why) => `${report.label ?? report.title}: ${why}`),
    );
    if (unfinished.length > 0) {
      failed = true;
      log(
        `${name} FAILED after ${((Date.now() - benchStarted) / 1000).toFixed(1)} s: did not finish: ${unfinished.join('; ')}`,
      );
      continue;
    }
    log(
      `${name} done in ${((Date.now() - benchStarted) / 1000).toFixed(1)} s; load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
  } catch (error) {
    failed = true;
    log(
      `${name} FAILED after ${((Date.now() - benchStarted) / 1000).toFixed(1)} s: ${(error as Error).stack ?? String(error)}`,
    );
  }
}

function print(report: BenchReport): void {
  const parts = [formatTable(report.title, report.rows, report.unit)];
  if (report.phases?.length) parts.push(formatTable('  where the time went (from the event log; ms)', report.phases));
  if (report.facts?.length) parts.push(formatFacts('  measurements', report.facts));
  for (const note of report.notes ?? []) parts.push(`  note: ${note}`);
  process.stdout.write(`${parts.join('\n')}\n`);
}

if (reports.length > 1) {
  const rowsIn = (unit: string) =>
    reports
      .filter((report) => (report.unit ?? 'ms') === unit)
      .flatMap((report) =>
        report.rows.map((row) => (report.label ? { ...row, name: `${report.label}: ${row.name}` } : row)),
      );
  const timed = rowsIn('ms');
  if (timed.length > 0) process.stdout.write(`${formatTable('Summary', timed)}\n`);
  const memory = rowsIn('MB');
  if (memory.length > 0) process.stdout.write(`${formatTable('Summary (memory)', memory, 'MB')}\n`);
}
if (values.json)
  writeFileSync(values.json, JSON.stringify({ at: new Date().toISOString(), cores: cpus().length, reports }, null, 2));
log(`all done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
