import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import { bundleForNode } from '@wolfpack/testing/build';
import { repositoryRoot } from '@wolfpack/testing/repository';
import type { SamplerReply, SamplerReport, SamplerRequest, SamplerSettings } from './ownership-sampling.ts';

export type { OwnershipViolation, WatcherError } from './ownership-sampling.ts';

/** Live chat server processes started for the cluster in this data dir (from /proc). */
export { chatProcesses } from '@wolfpack/testing/processes';

/** How much of the watched time the samples covered. */
export interface WatcherCoverage {
  samples: number;
  /** From the first look to the report (or the stop). */
  watchedMs: number;
  /** The time inside gaps between samples (start and end included) of at most `maxGapMs`. */
  coveredMs: number;
  /** coveredMs / watchedMs. */
  share: number;
  longestGapMs: number;
  maxGapMs: number;
}

/** The share of the watched time in which a sample came at least every `maxGapMs`. */
export function coverageOf(report: SamplerReport, maxGapMs = 20): WatcherCoverage {
  let previous = report.startedAt;
  let coveredMs = 0;
  let longestGapMs = 0;
  for (const time of [...report.sampleTimes, report.endedAt]) {
    const gap = time - previous;
    if (gap <= maxGapMs) coveredMs += gap;
    longestGapMs = Math.max(longestGapMs, gap);
    previous = time;
  }
  const watchedMs = report.endedAt - report.startedAt;
  return {
    samples: report.sampleTimes.length,
    watchedMs,
    coveredMs,
    share: watchedMs > 0 ? coveredMs / watchedMs : 0,
    longestGapMs,
    maxGapMs,
  };
}

const sampler = fileURLToPath(new URL('./ownership-sampler.ts', import.meta.url));
const bundles = join(repositoryRoot, '.tmp', 'ownership-sampler', '/');
let bundleCount = 0;

/**
 * Samples, all through a test, who owns a group: in the store (nodes holding any of its
 * resources in an active state) and on the machine (chat server processes). Two at once
 * is the split brain this cluster exists to prevent. The sampling runs on a thread of its
 * own (ownership-sampler.ts); a sample that fails is recorded as an error, not skipped: a
 * watcher that cannot see proves nothing. Stop it before the cluster's store goes away.
 */
export class OwnershipWatcher {
  #worker: Worker | undefined;
  #bundle = '';
  #final: SamplerReport | undefined;
  /** Failures of the thread itself (it could not start, or died). */
  readonly #threadErrors: string[] = [];
  #waiting: ((reply: SamplerReply) => void)[] = [];
  readonly #storePath: string;
  readonly #group: string;
  readonly #dataDir: string;
  readonly #intervalMs: number;

  constructor(storePath: string, group: string, dataDir: string, intervalMs = 10) {
    this.#storePath = storePath;
    this.#group = group;
    this.#dataDir = dataDir;
    this.#intervalMs = intervalMs;
  }

  /** Resolves once the sampling thread has started sampling. */
  async start(): Promise<void> {
    // The worker runs plain JavaScript: the sampler and the packages it uses, bundled (esbuild, ~0.2 s).
    this.#bundle = await bundleForNode(sampler, `${bundles}${process.pid}-${(bundleCount += 1)}.mjs`);
    const settings: SamplerSettings = {
      storePath: this.#storePath,
      group: this.#group,
      dataDir: this.#dataDir,
      intervalMs: this.#intervalMs,
    };
    const worker = new Worker(this.#bundle, { workerData: settings });
    this.#worker = worker;
    worker.on('message', (reply: SamplerReply) => this.#waiting.shift()?.(reply));
    worker.on('error', (error) => this.#threadErrors.push(`the sampling thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.#final) this.#threadErrors.push(`the sampling thread exited (code ${code}) before it was stopped`);
      for (const waiting of this.#waiting.splice(0)) waiting({ type: 'stopped', report: this.#emptyReport() });
    });
    await this.#next();
  }

  /** What the sampler saw so far (or until it stopped). */
  async report(): Promise<SamplerReport> {
    if (this.#final || !this.#worker) return this.#withThreadErrors(this.#final ?? this.#emptyReport());
    const reply = this.#next();
    this.#worker.postMessage({ type: 'report' } satisfies SamplerRequest);
    const answer = await reply;
    return this.#withThreadErrors(answer.type === 'ready' ? this.#emptyReport() : answer.report);
  }

  /** Stops sampling; resolves once the sampler's last sample has ended and its store is closed. */
  async stop(): Promise<void> {
    if (!this.#worker || this.#final) return;
    const reply = this.#next();
    this.#worker.postMessage({ type: 'stop' } satisfies SamplerRequest);
    const answer = await reply;
    this.#final = answer.type === 'ready' ? this.#emptyReport() : answer.report;
    await this.#worker.terminate();
    rmSync(this.#bundle, { force: true });
  }

  #next(): Promise<SamplerReply> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #emptyReport(): SamplerReport {
    const now = performance.timeOrigin + performance.now();
    return { startedAt: now, endedAt: now, sampleTimes: [], violations: [], errors: [], priority: 'none' };
  }

  #withThreadErrors(report: SamplerReport): SamplerReport {
    return {
      ...report,
      errors: [...this.#threadErrors.map((message) => ({ at: Date.now(), message })), ...report.errors],
    };
  }
}

/** Coverage in one line, for failure messages and the test's output. */
export function describeCoverage(coverage: WatcherCoverage): string {
  const { samples, watchedMs, share, longestGapMs, maxGapMs } = coverage;
  return `${samples} samples over ${(watchedMs / 1000).toFixed(1)} s, ${(share * 100).toFixed(1)} % of it with a sample at least every ${maxGapMs} ms, longest gap ${longestGapMs.toFixed(0)} ms`;
}

/**
 * The watcher's verdict so far: it saw all along (no failed sample; a sample at least
 * every 20 ms over ≥ 90 % of the time) and never saw two owners.
 */
export async function expectWatchedWithoutSplitBrain(watcher: OwnershipWatcher): Promise<void> {
  const report = await watcher.report();
  const coverage = coverageOf(report, 20);
  process.stdout.write(
    `ownership watcher: ${describeCoverage(coverage)} (thread ${report.priority}), ${report.errors.length} failed samples, ${report.violations.length} violations\n`,
  );
  expect(report.violations.slice(0, 5), `${report.violations.length} moments with two owners (the first 5)`).toEqual(
    [],
  );
  expect(report.errors, 'samples that failed (the watcher could not see who owned the group)').toEqual([]);
  expect(coverage.share, `the watcher's coverage: ${describeCoverage(coverage)}`).toBeGreaterThanOrEqual(0.9);
}
