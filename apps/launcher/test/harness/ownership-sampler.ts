/*
 * The ownership watcher's sampling loop, on a worker thread of its own (bundled and started
 * by ownership-watcher.ts): the test's thread blocks for milliseconds at a time (synchronous
 * SQLite reads, child processes), and a watcher sharing its event loop looked away then.
 * The thread asks for a higher scheduling priority too, so a loaded machine delays it less.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { keys, type ResourceStatus } from '@wolfpack/contracts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import {
  ChatProcessScanner,
  now,
  type SamplerReply,
  type SamplerReport,
  type SamplerRequest,
  type SamplerSettings,
} from './ownership-sampling.ts';

const active = new Set(['OnlinePending', 'Online', 'OfflinePending']);

async function run(settings: SamplerSettings): Promise<void> {
  const port = parentPort!;
  const report: SamplerReport = {
    startedAt: now(),
    endedAt: now(),
    sampleTimes: [],
    violations: [],
    errors: [],
    priority: '',
  };
  try {
    setPriority(-10); // this thread only (Linux): the cluster's processes keep theirs
    report.priority = 'nice -10';
  } catch (error) {
    report.priority = `default (not raised: ${(error as Error).message})`;
  }
  const scanner = new ChatProcessScanner(settings.dataDir);
  // A reader only: no inotify wake-ups, no lease sweeps (the cluster's own processes sweep).
  const store = await openEmbeddedStore({ path: settings.storePath, watchFile: false, sweepIntervalMs: 3_600_000 });
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const sample = async () => {
    try {
      // Only the resource statuses: the whole state would make a sample slow at the moments that matter.
      const { kvs } = await store.range(keys.resourceStatuses);
      const holders = new Set<string>();
      for (const { value } of kvs) {
        const status = JSON.parse(value) as ResourceStatus;
        if (status.group === settings.group && active.has(status.state)) holders.add(status.node);
      }
      if (holders.size > 1)
        report.violations.push({
          at: Date.now(),
          what: `store: ${[...holders].join(' and ')} both hold ${settings.group}`,
        });
      const processes = scanner.scan();
      if (processes.length > 1)
        report.violations.push({
          at: Date.now(),
          what: `machine: ${processes.length} chat server processes (${processes.join(', ')})`,
        });
      report.sampleTimes.push(now());
    } catch (error) {
      report.errors.push({ at: Date.now(), message: error instanceof Error ? error.message : String(error) });
    }
  };
  // One sample every intervalMs from the start of the last (at once when it took longer).
  const next = (delayMs: number) => {
    timer = setTimeout(() => {
      const started = performance.now();
      inFlight = sample().finally(() => {
        inFlight = undefined;
        if (!stopped) next(Math.max(0, settings.intervalMs - (performance.now() - started)));
      });
    }, delayMs);
  };

  port.on('message', async (request: SamplerRequest) => {
    if (request.type === 'report') {
      port.postMessage({ type: 'report', report: { ...report, endedAt: now() } } satisfies SamplerReply);
      return;
    }
    stopped = true;
    clearTimeout(timer);
    await inFlight;
    report.endedAt = now();
    await store.close().catch(() => undefined);
    port.postMessage({ type: 'stopped', report } satisfies SamplerReply);
  });
  report.startedAt = now();
  next(0);
  port.postMessage({ type: 'ready' } satisfies SamplerReply);
}

await run(workerData as SamplerSettings);
