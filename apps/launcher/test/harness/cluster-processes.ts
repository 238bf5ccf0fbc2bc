import { readdirSync, readFileSync } from 'node:fs';

/*
 * What an administrator sees with `ps`: the processes of one embedded cluster, found in
 * /proc by the WOLFPACK_DATA_DIR their launcher passed down (every wolfpackd, resource
 * host and application inherits it). Zombies are left out: they run nothing.
 */

export interface ClusterProcess {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  /** The process's environment, name → value. */
  environment: Map<string, string>;
}

function readProcess(pid: number): ClusterProcess | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    const environment = new Map<string, string>();
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const equals = entry.indexOf('=');
      if (equals > 0) environment.set(entry.slice(0, equals), entry.slice(equals + 1));
    }
    return { pid, command, environment };
  } catch {
    return undefined; // it ended while we looked
  }
}

/** Every live process of the cluster in this data dir: launcher, wolfpackd, resource hosts, applications. */
export function clusterProcesses(dataDir: string): ClusterProcess[] {
  const found: ClusterProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info && info.environment.get('WOLFPACK_DATA_DIR') === dataDir) found.push(info);
  }
  return found;
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

/** The environment of a live process (empty when it is gone). */
export function environmentOf(pid: number): Map<string, string> {
  return readProcess(pid)?.environment ?? new Map();
}

/** A process's ancestors from /proc/<pid>/status PPid, nearest first, up to pid 1. */
export function ancestorsOf(pid: number): number[] {
  const chain: number[] = [];
  let current = pid;
  while (current > 1 && chain.length < 64) {
    let parent: number;
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      parent = Number(/^PPid:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      break;
    }
    if (!parent) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** True while the pid names a live (non-zombie) process. */
export function isRunning(pid: number): boolean {
  return readProcess(pid) !== undefined;
}
