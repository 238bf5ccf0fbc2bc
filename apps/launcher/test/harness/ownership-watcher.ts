import { readdirSync, readFileSync } from 'node:fs';
import { loadClusterState, type ClusterStore } from '@wolfpack/engine';

const active = new Set(['OnlinePending', 'Online', 'OfflinePending']);

/** Live chat server processes started for the cluster in this data dir (from /proc). */
export function chatProcesses(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('chat-process.mjs')) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (!environ.split('\0').includes(`WOLFPACK_DATA_DIR=${dataDir}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie runs nothing
      pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export interface OwnershipViolation {
  at: number;
  what: string;
}

/**
 * Samples, all through a test, who owns a group: in the store (nodes holding any of its
 * resources in an active state) and on the machine (chat server processes). Two at once
 * is the split brain this cluster exists to prevent.
 */
export class OwnershipWatcher {
  readonly violations: OwnershipViolation[] = [];
  samples = 0;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(
    private readonly store: ClusterStore,
    private readonly group: string,
    private readonly dataDir: string,
    private readonly intervalMs = 10,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.#sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #sample(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const state = await loadClusterState(this.store);
      const holders = new Set<string>();
      for (const status of state.resourceStatuses.values()) {
        if (status.group === this.group && active.has(status.state)) holders.add(status.node);
      }
      if (holders.size > 1) this.violations.push({ at: Date.now(), what: `store: ${[...holders].join(' and ')} both hold ${this.group}` });
      const processes = chatProcesses(this.dataDir);
      if (processes.length > 1) this.violations.push({ at: Date.now(), what: `machine: ${processes.length} chat server processes (${processes.join(', ')})` });
      this.samples += 1;
    } catch {
      // store closed at the end of a test
    } finally {
      this.#busy = false;
    }
  }
}
