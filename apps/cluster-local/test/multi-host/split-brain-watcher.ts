import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { MultiHostNetwork, NetworkHost } from './network.ts';

/*
 * The split-brain watcher: every ~10 ms, one round asks every host for the addresses on
 * its eth0 (one long-lived `ip -batch` per namespace, so a round spawns nothing) and
 * scans /proc for chat server processes, placing each in its host by the inode of its
 * network namespace. A round in which two hosts hold the floating address, or two chat
 * servers run, is a violation: that is the split brain the cluster exists to prevent.
 * A round that cannot see (a probe that does not answer, a scan that throws) is an error,
 * not a quiet round; coverage() says how much of a stretch of time the rounds covered.
 * The watcher's thread and its probes run at nice -10 while it watches, so a loaded
 * machine delays the rounds less (the cluster's processes keep their priority).
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

interface AddressProbe {
  host: NetworkHost;
  process: ChildProcessWithoutNullStreams;
  buffer: string;
  lines: string[];
  reply: ((lines: string[]) => void) | undefined;
}

// `ip -o -4 -batch` answers `addr show dev eth0` with one line per address; the answer to
// `addr show dev lo` (exactly one line: lo's 127.0.0.1) marks its end. (Not `link show`:
// after one, the batch mode of iproute2 6.1 forgets -4 and `addr show` prints no addresses.)
const probeCommands = 'addr show dev eth0\naddr show dev lo\n';
const endMarker = /^1: lo\s+inet /;

export class SplitBrainWatcher {
  readonly violations: Violation[] = [];
  /** Holdings of the floating address and of the chat server, oldest first. */
  readonly addressHoldings: Holding[] = [];
  readonly chatHoldings: Holding[] = [];
  readonly errors: WatcherError[] = [];
  /** Date.now() at the end of each round. */
  readonly roundTimes: number[] = [];
  #probes: AddressProbe[] = [];
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = false;
  #startedAt = 0;
  #stoppedAt: number | undefined;
  #priorityBefore: number | undefined;
  readonly #inodes = new Map<number, string>();

  constructor(
    private readonly network: MultiHostNetwork,
    private readonly intervalMs = 10,
  ) {
    for (const host of network.hosts) this.#inodes.set(host.inode, host.namespace);
  }

  get rounds(): number {
    return this.roundTimes.length;
  }

  start(): void {
    this.#priorityBefore = getPriority();
    setPriority(-10); // this thread only (Linux)
    this.#probes = this.network.hosts.map((host) => this.#startProbe(host));
    this.#startedAt = Date.now();
    this.#next(0);
  }

  /** Stops after the round in flight (whose probes must not be killed under it). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#inFlight;
    this.#stoppedAt ??= Date.now();
    for (const probe of this.#probes) probe.process.kill('SIGKILL');
    if (this.#priorityBefore !== undefined) setPriority(this.#priorityBefore);
  }

  /** The share of [from, to] (default: start to now or the stop) in which a round ended at least every `maxGapMs`. */
  coverage(from = this.#startedAt, to = this.#stoppedAt ?? Date.now(), maxGapMs = 20): WatcherCoverage {
    let previous = from;
    let coveredMs = 0;
    let longestGapMs = 0;
    for (const time of [...this.roundTimes.filter((round) => round > from && round < to), to]) {
      const gap = time - previous;
      if (gap <= maxGapMs) coveredMs += gap;
      longestGapMs = Math.max(longestGapMs, gap);
      previous = time;
    }
    const watchedMs = to - from;
    const rounds = this.roundTimes.filter((round) => round > from && round < to).length;
    return { rounds, watchedMs, coveredMs, share: watchedMs > 0 ? coveredMs / watchedMs : 0, longestGapMs, maxGapMs };
  }

  /** One round every intervalMs from the start of the last (at once when it took longer). */
  #next(delayMs: number): void {
    this.#timer = setTimeout(() => {
      const started = Date.now();
      this.#inFlight = this.#round().finally(() => {
        this.#inFlight = undefined;
        if (!this.#stopped) this.#next(Math.max(0, this.intervalMs - (Date.now() - started)));
      });
    }, delayMs);
  }

  /** Who holds what now (the last round), by host namespace. */
  current(): { address: string[]; chat: string[] } {
    const open = (holdings: Holding[]) => holdings.filter((holding) => holding.goneBy === undefined).map((holding) => holding.host);
    return { address: open(this.addressHoldings), chat: open(this.chatHoldings) };
  }

  /** Chat server holdings of a host that started after `since`. */
  chatOn(host: string, since = 0): Holding[] {
    return this.chatHoldings.filter((holding) => holding.host === host && holding.lastSeen >= since);
  }

  #startProbe(host: NetworkHost): AddressProbe {
    const child = spawn('ip', ['-o', '-4', '-n', host.namespace, '-batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    if (child.pid !== undefined) setPriority(child.pid, -10);
    const probe: AddressProbe = { host, process: child, buffer: '', lines: [], reply: undefined };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      probe.buffer += chunk;
      let end: number;
      while ((end = probe.buffer.indexOf('\n')) >= 0) {
        const line = probe.buffer.slice(0, end);
        probe.buffer = probe.buffer.slice(end + 1);
        if (!endMarker.test(line)) {
          probe.lines.push(line);
          continue;
        }
        const lines = probe.lines;
        probe.lines = [];
        probe.reply?.(lines);
      }
    });
    child.stderr.resume();
    child.stdin.on('error', () => undefined);
    return probe;
  }

  /** eth0's address lines of the probe's host; rejects when the host does not answer within 2 s. */
  #ask(probe: AddressProbe): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        probe.reply = undefined;
        reject(new Error(`${probe.host.namespace} did not answer \`ip addr show\` within 2000 ms (probe ${probe.process.exitCode === null ? 'running' : `exited ${probe.process.exitCode}`})`));
      }, 2000);
      probe.reply = (lines) => {
        clearTimeout(timer);
        probe.reply = undefined;
        resolve(lines);
      };
      probe.process.stdin.write(probeCommands);
    });
  }

  async #round(): Promise<void> {
    try {
      const answers = await Promise.all(this.#probes.map((probe) => this.#ask(probe)));
      const floating = ` inet ${this.network.floatingAddress}/`;
      const addressHolders = this.#probes.filter((_, index) => answers[index]!.some((line) => line.includes(floating))).map((probe) => probe.host.namespace);
      const chats = this.#chatProcesses();
      const now = Date.now();
      this.roundTimes.push(now);
      if (addressHolders.length > 1) this.violations.push({ at: now, what: `floating address ${this.network.floatingAddress} on ${addressHolders.join(' and ')}` });
      if (chats.length > 1) this.violations.push({ at: now, what: `${chats.length} chat servers: ${chats.map((chat) => `pid ${chat.pid} on ${chat.host}`).join(', ')}` });
      track(this.addressHoldings, new Map(addressHolders.map((host) => [host, undefined])), now);
      track(this.chatHoldings, new Map(chats.map((chat) => [chat.host, chat.epoch])), now);
    } catch (error) {
      this.errors.push({ at: Date.now(), message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Live chat server processes in the hosts' namespaces. */
  #chatProcesses(): { pid: number; host: string; epoch: number | undefined }[] {
    const found: { pid: number; host: string; epoch: number | undefined }[] = [];
    for (const entry of readdirSync('/proc')) {
      if (entry.charCodeAt(0) > 57) continue; // not a pid
      try {
        // Only processes in our namespaces are read further: cheap enough for every round.
        const link = readlinkSync(`/proc/${entry}/ns/net`);
        const host = this.#inodes.get(Number(link.slice(5, -1)));
        if (!host) continue;
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (!cmdline.includes('chat-process.mjs')) continue;
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie serves nobody
        // The chat process's one argument is its configuration (JSON), with the placement epoch.
        const epoch = /"epoch":(\d+)/.exec(cmdline)?.[1];
        found.push({ pid: Number(entry), host, epoch: epoch === undefined ? undefined : Number(epoch) });
      } catch {
        // it ended while we looked
      }
    }
    return found;
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
