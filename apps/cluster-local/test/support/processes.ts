import { readdirSync, readFileSync } from 'node:fs';

/*
 * What `ps` shows: processes from /proc, by their parent chain. A launcher's children run
 * in sessions of their own, so the parent chain (not the process group) finds them all.
 */

export interface LiveProcess {
  pid: number;
  ppid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
}

function readProcess(pid: number): LiveProcess | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie runs nothing
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(fields[1]), command };
  } catch {
    return undefined; // it ended while we looked
  }
}

/** Every live process whose parent chain leads to `ancestor` (not the ancestor itself). */
export function descendantsOf(ancestor: number): LiveProcess[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => readProcess(Number(entry)) ?? []);
  const children = new Map<number, LiveProcess[]>();
  for (const process of all) children.set(process.ppid, [...(children.get(process.ppid) ?? []), process]);
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
