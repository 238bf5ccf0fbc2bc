import { Worker } from 'node:worker_threads';
import type { MultiHostNetwork } from './network.ts';

/*
 * The split-brain watcher: every ~10 ms, one round reads which hosts have the floating
 * address as a local address (their kernels' routing tables) and scans /proc for chat
 * server processes (split-brain-rounds.mjs, on a worker thread of its own at nice -10, so
 * the test's own stalls do not delay it). A round in
 * which two hosts hold the floating address, or two chat servers run, is a violation: that
 * is the split brain the cluster exists to prevent. A round that cannot see (a probe that
 * does not answer, a scan that throws) is an error, not a quiet round; coverage() says how
 * much of a stretch of time the rounds covered. Rounds reach this thread as messages:
 * flush() before reading what the watcher saw up to now.
 */

export interface Violation {
  at: number;
  what: string;
}

/** A round that failed: the watcher did not see who held what then. */
export interface WatcherError {
  at: number;
  message: string;
}

/** How much of a stretch of time the rounds covered. */
export interface WatcherCoverage {
  rounds: number;
  watchedMs: number;
  /** The time inside gaps between rounds (the stretch's ends included) of at most `maxGapMs`. */
  coveredMs: number;
  share: number;
  longestGapMs: number;
  maxGapMs: number;
}

/** A stretch of rounds in which a host held something: first and last round that saw it, and the first that did not. */
export interface Holding {
  host: string;
  /** Date.now() at the end of the first round that saw it. */
  from: number;
  /** ... the last round that saw it. */
  lastSeen: number;
  /** ... the first round that no longer saw it (it was gone by then); undefined while it lasts. */
  goneBy?: number;
  /** For chat servers: the placement epochs they were started under (from their command line). */
  epochs: number[];
}

type RoundMessage =
  | { type: 'ready'; at: number; priority: string }
  | {
      type: 'round';
      at: number;
      addressHolders: string[];
      chats: { pid: number; host: string; epoch: number | undefined }[];
    }
  | { type: 'error'; at: number; message: string }
  | { type: 'flushed'; id: number }
  | { type: 'stopped'; at: number };

const rounds = new URL('./split-brain-rounds.mjs', import.meta.url);

export class SplitBrainWatcher {
  readonly violations: Violation[] = [];
  /** Holdings of the floating address and of the chat server, oldest first. */
  readonly addressHoldings: Holding[] = [];
  readonly chatHoldings: Holding[] = [];
  readonly errors: WatcherError[] = [];
  /** Date.now() at the end of each round. */
  readonly roundTimes: number[] = [];
  /** The rounds thread's priority (nice -10, or why not). */
  priority = '';
  #worker: Worker | undefined;
  #startedAt = 0;
  #stoppedAt: number | undefined;
  #flushes = 0;
  readonly #waiting = new Map<number | 'ready' | 'stopped', () => void>();
  readonly #network: MultiHostNetwork;
  readonly #intervalMs: number;

  constructor(network: MultiHostNetwork, intervalMs = 10) {
    this.#network = network;
    this.#intervalMs = intervalMs;
  }

  get rounds(): number {
    return this.roundTimes.length;
  }

  /** Resolves once the rounds have begun. */
  async start(): Promise<void> {
    const hosts = this.#network.hosts.map(({ namespace, inode }) => ({ namespace, inode }));
    const worker = new Worker(rounds, {
      workerData: { hosts, floatingAddress: this.#network.floatingAddress, intervalMs: this.#intervalMs },
    });
    this.#worker = worker;
    worker.on('message', (message: RoundMessage) => this.#take(message));
    worker.on('error', (error) =>
      this.errors.push({ at: Date.now(), message: `the rounds thread failed: ${error.message}` }),
    );
    worker.on('exit', (code) => {
      if (this.#stoppedAt === undefined)
        this.errors.push({ at: Date.now(), message: `the rounds thread exited (code ${code}) before it was stopped` });
      for (const resolve of this.#waiting.values()) resolve();
      this.#waiting.clear();
    });
    await new Promise<void>((resolve) => this.#waiting.set('ready', resolve));
  }

  /** Resolves once every round that ended before now has been taken in. */
  async flush(): Promise<void> {
    if (!this.#worker || this.#stoppedAt !== undefined) return;
    const id = (this.#flushes += 1);
    const flushed = new Promise<void>((resolve) => this.#waiting.set(id, resolve));
    this.#worker.postMessage({ type: 'flush', id });
    await flushed;
  }

  /** Stops after the round in flight; its probes are killed. */
  async stop(): Promise<void> {
    if (!this.#worker || this.#stoppedAt !== undefined) return;
    const stopped = new Promise<void>((resolve) => this.#waiting.set('stopped', resolve));
    this.#worker.postMessage({ type: 'stop' });
    await stopped;
    this.#stoppedAt ??= Date.now();
    await this.#worker.terminate();
  }

  /** Who holds what now (the last round taken in), by host namespace. */
  current(): { address: string[]; chat: string[] } {
    const open = (holdings: Holding[]) =>
      holdings.filter((holding) => holding.goneBy === undefined).map((holding) => holding.host);
    return { address: open(this.addressHoldings), chat: open(this.chatHoldings) };
  }

  /** Chat server holdings of a host that started after `since`. */
  chatOn(host: string, since = 0): Holding[] {
    return this.chatHoldings.filter((holding) => holding.host === host && holding.lastSeen >= since);
  }

  /** The share of [from, to] (default: start to now or the stop) in which a round ended at least every `maxGapMs`; flush() first. */
  coverage(from = this.#startedAt, to = this.#stoppedAt ?? Date.now(), maxGapMs = 20): WatcherCoverage {
    const inside = this.roundTimes.filter((round) => round > from && round < to);
    let previous = from;
    let coveredMs = 0;
    let longestGapMs = 0;
    for (const time of [...inside, to]) {
      const gap = time - previous;
      if (gap <= maxGapMs) coveredMs += gap;
      longestGapMs = Math.max(longestGapMs, gap);
      previous = time;
    }
    const watchedMs = to - from;
    return {
      rounds: inside.length,
      watchedMs,
      coveredMs,
      share: watchedMs > 0 ? coveredMs / watchedMs : 0,
      longestGapMs,
      maxGapMs,
    };
  }

  #take(message: RoundMessage): void {
    switch (message.type) {
      case 'ready':
        this.#startedAt = message.at;
        this.priority = message.priority;
        this.#resolve('ready');
        return;
      case 'flushed':
        this.#resolve(message.id);
        return;
      case 'stopped':
        this.#stoppedAt = message.at;
        this.#resolve('stopped');
        return;
      case 'error':
        this.errors.push({ at: message.at, message: message.message });
        return;
      case 'round': {
        const { at, addressHolders, chats } = message;
        this.roundTimes.push(at);
        if (addressHolders.length > 1)
          this.violations.push({
            at,
            what: `floating address ${this.#network.floatingAddress} on ${addressHolders.join(' and ')}`,
          });
        if (chats.length > 1)
          this.violations.push({
            at,
            what: `${chats.length} chat servers: ${chats.map((chat) => `pid ${chat.pid} on ${chat.host}`).join(', ')}`,
          });
        track(this.addressHoldings, new Map(addressHolders.map((host) => [host, undefined])), at);
        track(this.chatHoldings, new Map(chats.map((chat) => [chat.host, chat.epoch])), at);
      }
    }
  }

  #resolve(key: number | 'ready' | 'stopped'): void {
    this.#waiting.get(key)?.();
    this.#waiting.delete(key);
  }
}

/** Coverage in one line, for failure messages and the test's output. */
export function describeCoverage(coverage: WatcherCoverage): string {
  const { rounds, watchedMs, share, longestGapMs, maxGapMs } = coverage;
  return `${rounds} rounds over ${(watchedMs / 1000).toFixed(1)} s, ${(share * 100).toFixed(1)} % of it with a round at least every ${maxGapMs} ms, longest gap ${longestGapMs.toFixed(0)} ms`;
}

/** Opens a holding for a host seen now, extends it, or closes it when the host is no longer seen. */
function track(holdings: Holding[], holders: Map<string, number | undefined>, now: number): void {
  const note = (holding: Holding, epoch: number | undefined) => {
    if (epoch !== undefined && !holding.epochs.includes(epoch)) holding.epochs.push(epoch);
  };
  for (const holding of holdings) {
    if (holding.goneBy !== undefined) continue;
    if (holders.has(holding.host)) {
      holding.lastSeen = now;
      note(holding, holders.get(holding.host));
      holders.delete(holding.host);
    } else {
      holding.goneBy = now;
    }
  }
  for (const [host, epoch] of holders) {
    const holding: Holding = { host, from: now, lastSeen: now, epochs: [] };
    note(holding, epoch);
    holdings.push(holding);
  }
}
