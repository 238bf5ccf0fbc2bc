import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isLiveProcess, processIds, readProcessStat } from '@wolfpack/resource-sdk/process-table';

/*
 * What runs on the machine, from /proc: the chat processes and agents of one benchmark
 * cluster (found by its data dir, so parallel clusters never mix), their memory, and the
 * processes a benchmark started, so that none outlives it.
 */

function readProc(pid: number | string, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** True while the process exists and is not a zombie. */
export const isRunning = isLiveProcess;
const alive = isRunning;

/** Processes of the cluster in this data dir: its data dir is on their command line or in their environment. */
export function clusterProcesses(dataDir: string): number[] {
  const pids: number[] = [];
  for (const pid of processIds()) {
    if (pid === process.pid || !alive(pid)) continue;
    const cmdline = readProc(pid, 'cmdline');
    if (cmdline === undefined) continue;
    if (cmdline.split('\0').includes(dataDir)) {
      pids.push(pid);
      continue;
    }
    const environ = readProc(pid, 'environ');
    if (environ?.split('\0').includes(`WOLFPACK_DATA_DIR=${dataDir}`)) pids.push(pid);
  }
  return pids;
}

/** Live chat server processes of the cluster in this data dir (as the test harness finds them). */
export function chatProcesses(dataDir: string): number[] {
  return clusterProcesses(dataDir).filter((pid) => readProc(pid, 'cmdline')?.includes('chat-process.mjs'));
}

/** The process and everything below it (children, their children...). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of processIds()) {
    const stat = readProcessStat(pid);
    if (!stat) continue;
    children.set(stat.parent, [...(children.get(stat.parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree.filter(alive);
}

/** Resident memory of a process in KiB (VmRSS), 0 if it is gone. */
export function residentKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) : 0;
}

/** CPU time used so far by a process (user + system), in milliseconds. */
export function cpuTimeMs(pid: number): number {
  const stat = readProcessStat(pid);
  // USER_HZ is 100 on Linux.
  return stat ? (stat.userTicks + stat.systemTicks) * 10 : 0;
}

/** SIGKILL every process of the cluster in this data dir that is still alive; returns how many. */
export function killClusterProcesses(dataDir: string): number {
  let killed = 0;
  for (const pid of clusterProcesses(dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed += 1;
    } catch {
      // gone already
    }
  }
  return killed;
}

/** Wait for a child to exit; SIGKILL it after graceMs. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

const cleanups = new Set<() => void>();

/** Run this (synchronously) if the benchmark process exits or is interrupted before its own cleanup. */
export function onEmergencyExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function runCleanups(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort: the next cleanup still runs
    }
  }
  cleanups.clear();
}

process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`[bench] ${signal}: stopping the benchmark clusters\n`);
    runCleanups();
    process.exit(130);
  });
}
