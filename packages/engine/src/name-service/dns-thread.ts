import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startDnsResponder } from './dns-responder.ts';
import type { SourceRateLimit } from './source-rate-limit.ts';

/*
 * The DNS responder on a worker thread of its own. A flood of queries then costs the
 * manager's process a core at most, never a turn of the event loop that renews its lease
 * and writes placements. The thread answers from a copy of the name table, replaced by
 * publish() whenever the cluster's published names change.
 */

/** name (lower case, no trailing dot) → IPv4 addresses. */
export type NameTable = ReadonlyMap<string, readonly string[]>;

export interface DnsThreadSettings {
  address: string;
  port: number;
  names: [string, readonly string[]][];
  rateLimit?: SourceRateLimit;
  globalRateLimit?: SourceRateLimit;
}
export type DnsThreadMessage = { type: 'names'; names: [string, readonly string[]][] } | { type: 'close' };
export type DnsThreadReport =
  | { type: 'listening'; port: number }
  | { type: 'failed'; message: string }
  | { type: 'error'; message: string }
  | { type: 'closed'; dropped: number };

export interface DnsThreadOptions {
  address: string;
  /** UDP port; 0 picks a free one. */
  port: number;
  names: NameTable;
  rateLimit?: SourceRateLimit;
  /** All sources together; default the responder's (defaultGlobalRateLimit). */
  globalRateLimit?: SourceRateLimit;
  /** Socket errors after it started. */
  onError?: (message: string) => void;
  /** The thread ended without close() (it crashed or ran out of memory): it answers no more. */
  onExit?: (reason: string) => void;
  /** The bundled thread script; default packages/engine/dist/dns-responder.mjs (scripts/build.mjs). */
  workerScript?: string;
  /** Told once when the script is missing and the responder runs on the calling thread instead. */
  log?: (message: string) => void;
}

export interface DnsThread {
  port: number;
  /** Answer from this table from now on (sent only when it differs from the last). */
  publish(names: NameTable): void;
  close(): Promise<void>;
}

/** Where scripts/build.mjs writes the thread's bundle, found from the engine package itself. */
export function dnsWorkerScript(): string {
  const engineEntry = createRequire(import.meta.url).resolve('@wolfpack/engine');
  return join(dirname(engineEntry), '..', 'dist', 'dns-responder.mjs');
}

const entriesOf = (names: NameTable): [string, readonly string[]][] =>
  [...names.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Start the responder on its own thread; resolves once it listens, rejects when it cannot bind. */
export async function startDnsThread(options: DnsThreadOptions): Promise<DnsThread> {
  const script = options.workerScript ?? dnsWorkerScript();
  if (!existsSync(script)) return startOnThisThread(options, script);
  let last = entriesOf(options.names);
  let lastText = JSON.stringify(last);
  const settings: DnsThreadSettings = {
    address: options.address,
    port: options.port,
    names: last,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.globalRateLimit ? { globalRateLimit: options.globalRateLimit } : {}),
  };
  const worker = new Worker(script, { workerData: settings, resourceLimits: { maxOldGenerationSizeMb: 64 } });
  let closing = false;
  let listened = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (report: DnsThreadReport) => {
      if (report.type === 'listening') {
        listened = true;
        resolve(report.port);
      } else if (report.type === 'failed') reject(new Error(report.message));
      else if (report.type === 'error') options.onError?.(report.message);
    });
    let failure = '';
    worker.on('error', (error) => {
      failure = `: ${error.message}`;
      reject(error);
    });
    worker.once('exit', (code) => {
      reject(new Error(`the DNS thread exited (code ${code}) before it listened${failure}`));
      if (listened && !closing) options.onExit?.(`the DNS thread exited (code ${code})${failure}`);
    });
  });
  return {
    port,
    publish(names) {
      const entries = entriesOf(names);
      const text = JSON.stringify(entries);
      if (text === lastText || closing) return;
      last = entries;
      lastText = text;
      worker.postMessage({ type: 'names', names: last } satisfies DnsThreadMessage);
    },
    async close() {
      if (!closing) {
        closing = true;
        worker.postMessage({ type: 'close' } satisfies DnsThreadMessage);
        // A thread stuck past a second is ended: the socket goes with it.
        const stuck = setTimeout(() => void worker.terminate(), 1000);
        await exited;
        clearTimeout(stuck);
      }
      await exited;
    },
  };
}

/** Without the bundle (a checkout not built): the same responder, on the calling thread. */
async function startOnThisThread(options: DnsThreadOptions, script: string): Promise<DnsThread> {
  options.log?.(`DNS responder runs on the main thread: ${script} is missing (node scripts/build.mjs builds it)`);
  let names = new Map(options.names);
  const responder = await startDnsResponder({
    address: options.address,
    port: options.port,
    lookup: (name) => [...(names.get(name) ?? [])],
    onError: (error) => options.onError?.(error.message),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.globalRateLimit ? { globalRateLimit: options.globalRateLimit } : {}),
  });
  return {
    port: responder.port,
    publish: (table) => void (names = new Map(table)),
    close: () => responder.close(),
  };
}
