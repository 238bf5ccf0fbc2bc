import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { processGroupMembers } from '@wolfpack/resource-sdk/process-table';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { commandLineOf, npmStartProcessKind } from '@wolfpack/testing/processes';
import { collectOutput, loopbackEndpoint } from './cluster-handle.ts';
import { killClusterProcesses, onEmergencyExit, processTree, residentKiB } from './processes.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { summarize } from './stats.ts';

/** The aim: the process group of `npm start`, npm included, at most this resident. */
export const memoryAimMb = 450;
const settleMs = 3000;
const sampleEveryMs = 1000;
/** The checkout, where `npm start` runs: above the launcher's bundle, apps/launcher/dist (this file runs bundled, from bench/dist). */
const checkout = join(dirname(createRequire(import.meta.url).resolve('@wolfpack/launcher/bundle')), '..', '..', '..');

/*
 * Resident memory of `npm start` as the README runs it: `npm start` in a process group of
 * its own (as a terminal starts it) on a fresh data dir, sampled once a second from
 * /proc (VmRSS) once SOCKET_GROUP is Online and a few seconds have passed; then Ctrl-C
 * (SIGINT to the group) stops it. The aim counts the process group (npm, its shell, the
 * launcher, the server, the node agents); the resource hosts and the chat process run in
 * process groups of their own below the agents, and the tree total counts them too.
 */
export async function benchMemory(options: BenchOptions): Promise<BenchReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-bench-memory-'));
  const { address, port } = loopbackEndpoint(150);
  const output: string[] = [];
  const npm = spawn('npm', ['start'], {
    cwd: checkout,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      PORT: String(await freeTcpPort()),
      WOLFPACK_ADMIN_PASSWORD: 'bench-admin-password',
      WOLFPACK_SEED_ADDRESS: address,
      WOLFPACK_SEED_PORT: String(port),
      WOLFPACK_DNS_PORT: String(port + 1),
    },
  });
  collectOutput(npm, output);
  const group = npm.pid!;
  const killGroup = () => {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  const forget = onEmergencyExit(() => {
    killGroup();
    killClusterProcesses(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    const started = Date.now();
    // The setup may rebuild bundles first (npm run bench has done it already).
    while (!output.some((line) => line.includes('group SOCKET_GROUP is Online'))) {
      if (npm.exitCode !== null || npm.signalCode !== null || Date.now() - started > 180_000)
        throw new Error(`npm start did not bring SOCKET_GROUP Online:\n${output.slice(-40).join('\n')}`);
      await pause(50);
    }
    await pause(settleMs);
    const samples = new Map<string, number[]>();
    const add = (name: string, mb: number) => samples.set(name, [...(samples.get(name) ?? []), mb]);
    for (let sample = 1; sample <= options.runs; sample++) {
      const members = new Set(processGroupMembers(group));
      let groupKiB = 0;
      let treeKiB = 0;
      const kinds = new Map<string, number>();
      for (const pid of processTree(group)) {
        const kiB = residentKiB(pid);
        treeKiB += kiB;
        if (members.has(pid)) groupKiB += kiB;
        const kind = npmStartProcessKind(commandLineOf(pid));
        kinds.set(kind, (kinds.get(kind) ?? 0) + kiB);
      }
      for (const [kind, kiB] of kinds) add(kind, kiB / 1024);
      add('process group of npm start (the aim)', groupKiB / 1024);
      add('every process below npm (with resource hosts and chat)', treeKiB / 1024);
      if (sample < options.runs) await pause(sampleEveryMs);
    }
    options.log(`memory: ${options.runs} samples of npm start's processes`);
    const rows = [...samples].map(([name, values]) => summarize(name, values));
    const aimed = rows.find((row) => row.name === 'process group of npm start (the aim)');
    return {
      title: `npm start: resident memory (VmRSS) once SOCKET_GROUP is Online, sampled every ${sampleEveryMs / 1000} s`,
      unit: 'MB',
      rows,
      facts: [
        ['aim', `process group of npm start ≤ ${memoryAimMb} MB (issue 14 item 5; about 920 MB before it)`],
        ['aim met (p95 of the group)', aimed && aimed.p95 <= memoryAimMb ? 'yes' : 'no'],
      ],
      notes: [
        'RSS counts shared pages (the node binary, about 40 MB of each node process) once per process, as ps does',
        'the resource host and the chat process run in process groups of their own: in the tree total, not in the aim',
      ],
    };
  } finally {
    const exited = new Promise((resolve) =>
      npm.exitCode !== null || npm.signalCode !== null ? resolve(undefined) : npm.once('exit', resolve),
    );
    try {
      process.kill(-group, 'SIGINT');
    } catch {
      // gone already
    }
    await Promise.race([exited, pause(20_000)]);
    killGroup();
    const leftovers = killClusterProcesses(dataDir);
    if (leftovers > 0) process.stderr.write(`[bench] killed ${leftovers} leftover processes of ${dataDir}\n`);
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
