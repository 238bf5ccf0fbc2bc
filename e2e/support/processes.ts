import { readdirSync, readFileSync } from 'node:fs';

/*
 * What an administrator sees with `ps`, read from /proc: the processes of one cluster
 * are those whose environment carries its WOLFPACK_DATA_DIR (the launcher passes it down
 * to every node agent, resource host and resource process). Zombies run nothing: skipped.
 */

export interface ClusterProcess {
  pid: number;
  command: string;
}

function describe(pid: string, dataDir: string): ClusterProcess | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    if (!environment.includes(`WOLFPACK_DATA_DIR=${dataDir}`)) return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid: Number(pid), command };
  } catch {
    return undefined; // it ended while we looked, or is not ours to read
  }
}

/** Every live process of the cluster in `dataDir`. */
export function clusterProcesses(dataDir: string): ClusterProcess[] {
  const found: ClusterProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = describe(entry, dataDir);
    if (info) found.push(info);
  }
  return found;
}

/** The chat server processes of the cluster (what `kill -9` aims at in the failure test). */
export function chatProcesses(dataDir: string): number[] {
  return clusterProcesses(dataDir)
    .filter((info) => info.command.includes('chat-process.mjs'))
    .map((info) => info.pid);
}

/** The server process of the cluster (apps/server/dist/server.mjs), if it runs. */
export function serverProcess(dataDir: string): number | undefined {
  return clusterProcesses(dataDir).find((info) => info.command.includes('server/dist/server.mjs'))?.pid;
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
