/*
 * What the ownership watcher's sampling thread (ownership-sampler.ts) and the test's thread
 * (ownership-watcher.ts) share: the messages between them, and how a chat server process
 * is recognised in /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isLiveProcess } from '@wolfpack/resource-sdk/process-table';

export interface SamplerSettings {
  storePath: string;
  group: string;
  dataDir: string;
  intervalMs: number;
}

export interface OwnershipViolation {
  at: number;
  what: string;
}

/** A sample that failed: the watcher did not see who owned the group then. */
export interface WatcherError {
  at: number;
  message: string;
}

/** Everything the sampler saw; times are epoch milliseconds with sub-millisecond precision. */
export interface SamplerReport {
  startedAt: number;
  /** When the report was made, or when the sampler stopped. */
  endedAt: number;
  /** The end of each sample. */
  sampleTimes: number[];
  violations: OwnershipViolation[];
  errors: WatcherError[];
  /** The thread's nice value, or why it could not be raised. */
  priority: string;
}

export type SamplerRequest = { type: 'report' } | { type: 'stop' };
export type SamplerReply =
  | { type: 'ready' }
  | { type: 'report'; report: SamplerReport }
  | { type: 'stopped'; report: SamplerReport };

/** Epoch milliseconds with sub-millisecond precision, comparable across threads. */
export const now = (): number => performance.timeOrigin + performance.now();

/** Whether /proc/<pid> is a live chat server process of the cluster in this data dir. */
export function isChatProcess(pid: string, dataDir: string, cmdline: string): boolean {
  if (!cmdline.includes('chat-process.mjs')) return false;
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  if (!environ.split('\0').includes(`WOLFPACK_DATA_DIR=${dataDir}`)) return false;
  return isLiveProcess(Number(pid)); // a zombie runs nothing
}

/**
 * chatProcesses() for a sampler that asks a hundred times a second: reading every
 * process's command line costs ~7 ms a scan, so a process whose command line was not a
 * chat server's in two reads at least `settledMs` apart is not read again. (A child's
 * command line is its parent's between fork and exec; the chat server's setpriv wrapper
 * names chat-process.mjs already, and Linux does not reuse a pid within a test.)
 */
export class ChatProcessScanner {
  /** Pids seen without a chat server's command line: when first seen so, and whether settled. */
  readonly #others = new Map<string, { since: number; settled: boolean }>();
  readonly #dataDir: string;
  readonly #settledMs: number;

  constructor(dataDir: string, settledMs = 100) {
    this.#dataDir = dataDir;
    this.#settledMs = settledMs;
  }

  scan(): number[] {
    const at = now();
    const pids: number[] = [];
    const present = new Set<string>();
    for (const entry of readdirSync('/proc')) {
      if (entry.charCodeAt(0) > 57) continue; // not a pid
      present.add(entry);
      const other = this.#others.get(entry);
      if (other?.settled) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (isChatProcess(entry, this.#dataDir, cmdline)) {
          pids.push(Number(entry));
          this.#others.delete(entry);
        } else if (!cmdline.includes('chat-process.mjs')) {
          if (!other) this.#others.set(entry, { since: at, settled: false });
          else if (at - other.since >= this.#settledMs) other.settled = true;
        }
      } catch {
        // the process ended while we looked
      }
    }
    for (const pid of this.#others.keys()) if (!present.has(pid)) this.#others.delete(pid);
    return pids;
  }
}
