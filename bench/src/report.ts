import type { Summary } from './stats.ts';

/** What one benchmark measured: its tables, single facts, and notes on how to read them. */
export interface BenchReport {
  title: string;
  /** Short prefix for its rows in the summary table (e.g. "16×1000"). */
  label?: string;
  /** The headline: the time the brief's targets talk about. */
  rows: Summary[];
  /** What the rows count: milliseconds (the default) or megabytes (the memory benchmark). */
  unit?: 'ms' | 'MB';
  /** Where that time went (from the event log). */
  phases?: Summary[];
  facts?: [string, string][];
  notes?: string[];
  /** What did not finish within its time limit (a scale phase): the bench then exits non-zero. */
  unfinished?: string[];
}

export interface BenchOptions {
  runs: number;
  quick: boolean;
  /** The scale point's size (default 16 nodes and 1000 groups; --quick 4 and 100). */
  scaleNodes?: number;
  scaleGroups?: number;
  /** The scale cluster's node lease TTL (default 1000 ms, as the seed cluster). */
  scaleLeaseTtlMs?: number;
  /** Start the scale point's agents one at a time (default: all at once). */
  scaleStagger?: boolean;
  /** Give up on a scale phase after this long (default 300 s); a phase given up on fails the bench. */
  scaleTimeoutMs?: number;
  /** Keep the scale point's agent logs (and CPU profiles) here. */
  logDir?: string;
  /** Node flags for the scale point's agents, e.g. --cpu-prof for NODE01. */
  profile?: boolean;
  log(message: string): void;
}
