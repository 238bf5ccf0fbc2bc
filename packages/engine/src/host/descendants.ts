import { processIds, readProcessStat } from '@wolfpack/resource-sdk/process-table';

/*
 * Finds the processes a resource host started (directly or through its children) by
 * reading /proc, so fencing and shutdown can kill what a module's terminate() left behind.
 */

interface ProcessEntry {
  pid: number;
  parent: number;
  group: number;
}

function listProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const pid of processIds()) {
    const stat = readProcessStat(pid); // undefined: gone between readdir and read
    // A zombie is already dead; only its parent's wait() is missing.
    if (stat && stat.state !== 'Z') entries.push({ pid, parent: stat.parent, group: stat.group });
  }
  return entries;
}

/**
 * Live descendants of `root` (children, grandchildren, ...), plus members of root's
 * process group when root leads one: a daemonizing child is reparented away from the
 * tree but stays in the group.
 */
export function descendantsOf(root: number): number[] {
  const processes = listProcesses();
  const childrenOf = new Map<number, number[]>();
  for (const entry of processes) {
    const siblings = childrenOf.get(entry.parent) ?? [];
    siblings.push(entry.pid);
    childrenOf.set(entry.parent, siblings);
  }
  const found = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    for (const child of childrenOf.get(pid) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  const rootEntry = processes.find((entry) => entry.pid === root);
  if (rootEntry && rootEntry.group === root) {
    for (const entry of processes) if (entry.group === root && entry.pid !== root) found.add(entry.pid);
  }
  return [...found];
}

/** SIGKILLs every live descendant of this process; returns the pids it signalled. */
export function killDescendants(): number[] {
  const killed: number[] = [];
  for (const pid of descendantsOf(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  return killed;
}
