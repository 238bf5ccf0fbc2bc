import { readFileSync } from 'node:fs';
import { processIds, readProcessStat } from '@wolfpack/resource-sdk/process-table';

/*
 * What an administrator sees with `ps`, read from /proc. The processes of one cluster are
 * those whose environment carries its WOLFPACK_DATA_DIR (the launcher passes it down to
 * every node agent, resource host and resource process); a launcher's children run in
 * sessions of their own, so its parent chain (not the process group) finds them too.
 * Zombies run nothing: left out everywhere.
 */

export interface ClusterProcess {
  pid: number;
  ppid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  /** The process's environment, name → value (empty where it cannot be read). */
  environment: Map<string, string>;
}

/** A process found by its parent chain: the same record. */
export type LiveProcess = ClusterProcess;

function readEnvironment(pid: number): Map<string, string> {
  const environment = new Map<string, string>();
  try {
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const equals = entry.indexOf('=');
      if (equals > 0) environment.set(entry.slice(0, equals), entry.slice(equals + 1));
    }
  } catch {
    // not ours to read, or it ended while we looked
  }
  return environment;
}

/** A process's command line, arguments joined by spaces ('' once it has ended). */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return ''; // it ended while we looked
  }
}

/** What a process of `npm start`'s process group is, from its command line. */
export function npmStartProcessKind(command: string): string {
  if (command === 'npm start' || /\bnpm-cli\.js start$/.test(command)) return 'npm';
  if (/^(\/bin\/)?sh -c /.test(command)) return "npm's shell";
  // Since issue 14 this process runs the launcher itself; before, it only ran the setup.
  if (command.endsWith('scripts/start.mjs')) return 'node scripts/start.mjs (the launcher)';
  if (command.includes('/launcher/dist/launcher.mjs')) return 'launcher.mjs (a process of its own)';
  if (command.includes('/server/dist/server.mjs')) return 'server';
  const node = /wolfpackd\.mjs --node (\S+)/.exec(command)?.[1];
  if (node) return `wolfpackd ${node}`;
  if (command.includes('resource-host.mjs')) return 'resource host';
  if (command.includes('chat-process.mjs')) return 'chat process';
  if (command.includes('esbuild')) return 'esbuild service';
  return command.slice(0, 60);
}

function readProcess(pid: number): ClusterProcess | undefined {
  try {
    const stat = readProcessStat(pid);
    if (!stat || stat.state === 'Z') return undefined;
    return { pid, ppid: stat.parent, command: commandLineOf(pid), environment: readEnvironment(pid) };
  } catch {
    return undefined; // it ended while we looked
  }
}

function everyProcess(): ClusterProcess[] {
  return processIds().flatMap((pid) => readProcess(pid) ?? []);
}

/** Every live process of the cluster in this data dir: launcher, wolfpackd, server, resource hosts, applications. */
export function clusterProcesses(dataDir: string): ClusterProcess[] {
  return everyProcess().filter((info) => info.environment.get('WOLFPACK_DATA_DIR') === dataDir);
}

/** The chat server processes of the cluster (what `kill -9` aims at in the failure tests). */
export function chatProcesses(dataDir: string): number[] {
  return clusterProcesses(dataDir)
    .filter((info) => info.command.includes('chat-process.mjs'))
    .map((info) => info.pid);
}

/** The server process of the cluster (apps/server/dist/server.mjs), if it runs. */
export function serverProcess(dataDir: string): number | undefined {
  return clusterProcesses(dataDir).find((info) => info.command.includes('server/dist/server.mjs'))?.pid;
}

/**
 * The live processes of one Generic Application resource (the type sets WOLFPACK_RESOURCE
 * in the program's environment), pids sorted.
 */
export function applicationPids(dataDir: string, resource: string): number[] {
  return clusterProcesses(dataDir)
    .filter((info) => info.environment.get('WOLFPACK_RESOURCE') === resource)
    .map((info) => info.pid)
    .sort((a, b) => a - b);
}

/** Waits until no process of the cluster is left; returns what is left at the deadline. */
export async function waitForNoProcesses(dataDir: string, timeoutMs: number): Promise<ClusterProcess[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = clusterProcesses(dataDir);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The environment of a live process (empty when it is gone). */
export function environmentOf(pid: number): Map<string, string> {
  return readProcess(pid)?.environment ?? new Map();
}

/** A process's ancestors from /proc, nearest first, up to pid 1. */
export function ancestorsOf(pid: number): number[] {
  const chain: number[] = [];
  let current = pid;
  while (current > 1 && chain.length < 64) {
    const parent = readProcessStat(current)?.parent;
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** Every live process whose parent chain leads to `ancestor` (not the ancestor itself). */
export function descendantsOf(ancestor: number): LiveProcess[] {
  const children = new Map<number, LiveProcess[]>();
  for (const process of everyProcess()) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process]);
  const found: LiveProcess[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child.pid);
    }
  };
  visit(ancestor);
  return found;
}

/** Those of the processes still alive (same pid, same command line). */
export function stillRunning(processes: LiveProcess[]): LiveProcess[] {
  return processes.filter((process) => readProcess(process.pid)?.command === process.command);
}

/** True while the pid names a live (non-zombie) process. */
export function isRunning(pid: number): boolean {
  return readProcess(pid) !== undefined;
}
