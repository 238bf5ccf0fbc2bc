import { watch as watchFiles, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StoreError, type Watch, type WatchHandlers, type WatchOptions } from '@wolfpack/store';
import type { ChangeLogReader } from './change-log.ts';

export interface WatchHubOptions {
  path: string;
  reader: ChangeLogReader;
  currentRevision(): number;
  /** Fallback poll, for wake-ups the file watcher misses. */
  pollIntervalMs: number;
  /** Also wake on inotify events of the database's files. */
  watchFile: boolean;
  maxBatchEvents: number;
  maxBatchChars: number;
}

/** When to look again after a file event (ms after the previous look): an fsync takes 0.1–10 ms. */
const settleDelaysMs = [1, 1, 3, 5, 10, 20];

/** Hubs of this process by database path: a write through one instance wakes all of them at once. */
const hubsByPath = new Map<string, Set<WatchHub>>();

interface Watcher {
  prefix: string;
  prevKv: boolean;
  next: number;
  handlers: WatchHandlers;
  cancelled: boolean;
  pumping: boolean;
}

/**
 * Delivers the change log to the watchers of one store instance. It wakes up on writes
 * of this process at once, on other processes' writes through inotify on the database's
 * -wal file, and on a fallback poll; each wake-up only reads the revision counter unless
 * a watcher is behind.
 */
export class WatchHub {
  readonly #options: WatchHubOptions;
  readonly #watchers = new Set<Watcher>();
  readonly #peers: Set<WatchHub>;
  readonly #files: FSWatcher | undefined;
  readonly #poll: NodeJS.Timeout;
  #wakeScheduled = false;
  #settle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WatchHubOptions) {
    this.#options = options;
    this.#peers = hubsByPath.get(options.path) ?? new Set();
    hubsByPath.set(options.path, this.#peers);
    this.#peers.add(this);
    this.#files = options.watchFile ? watchDatabaseFiles(options.path, () => this.#fileChanged()) : undefined;
    this.#poll = setInterval(() => this.wake(), options.pollIntervalMs);
    this.#poll.unref();
  }

  /** A write was committed through this process: wake every instance on the same file. */
  committed(): void {
    for (const hub of this.#peers) hub.wake();
  }

  /** Start delivering changes with revision >= from. */
  add(prefix: string, options: WatchOptions, handlers: WatchHandlers): Watch {
    const watcher: Watcher = {
      prefix,
      prevKv: options.prevKv ?? false,
      next: Math.max(1, options.fromRevision ?? this.#options.currentRevision() + 1),
      handlers,
      cancelled: false,
      pumping: false,
    };
    this.#watchers.add(watcher);
    this.wake();
    return {
      cancel: async () => {
        watcher.cancelled = true;
        this.#watchers.delete(watcher);
      },
    };
  }

  wake(): void {
    if (this.#wakeScheduled || this.#closed || this.#watchers.size === 0) return;
    this.#wakeScheduled = true;
    setImmediate(() => {
      this.#wakeScheduled = false;
      if (this.#closed || this.#watchers.size === 0) return;
      let revision: number;
      try {
        revision = this.#options.currentRevision();
      } catch {
        return; // busy or closing: the next wake-up retries
      }
      for (const watcher of this.#watchers) if (!watcher.pumping && watcher.next <= revision) void this.#pump(watcher);
    });
  }

  /** Stop everything; each live watch learns it through onError('closed'). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#poll);
    clearTimeout(this.#settle);
    this.#files?.close();
    this.#peers.delete(this);
    if (this.#peers.size === 0) hubsByPath.delete(this.#options.path);
    const error = new StoreError('closed', `store ${this.#options.path} is closed`);
    for (const watcher of this.#watchers) this.#fail(watcher, error);
  }

  /**
   * The -wal file changed. A commit becomes visible only after its frames are written
   * (the inotify event) and, with synchronous=FULL, fsynced, which no file event marks:
   * look now, then again a few times shortly after the last event.
   */
  #fileChanged(): void {
    this.wake();
    clearTimeout(this.#settle);
    const step = (index: number) => {
      const delay = settleDelaysMs[index];
      if (delay === undefined || this.#closed) return;
      this.#settle = setTimeout(() => {
        this.wake();
        step(index + 1);
      }, delay);
      this.#settle.unref();
    };
    step(0);
  }

  async #pump(watcher: Watcher): Promise<void> {
    watcher.pumping = true;
    try {
      while (!watcher.cancelled && !this.#closed) {
        const read = this.#options.reader.read({
          from: watcher.next,
          prefix: watcher.prefix,
          prevKv: watcher.prevKv,
          maxEvents: this.#options.maxBatchEvents,
          maxChars: this.#options.maxBatchChars,
        });
        if (read.kind === 'caught-up') return;
        if (read.kind === 'compacted') {
          this.#fail(
            watcher,
            new StoreError(
              'compacted',
              `watch ${watcher.prefix}: revision ${watcher.next} is compacted (history starts at ${read.compacted})`,
            ),
          );
          return;
        }
        watcher.next = read.batch.revision + 1;
        if (read.batch.events.length === 0) continue;
        try {
          await watcher.handlers.onBatch(read.batch);
        } catch (error) {
          this.#fail(
            watcher,
            new StoreError(
              'invalid',
              `watch ${watcher.prefix}: onBatch failed at revision ${read.batch.revision}: ${(error as Error).message}`,
            ),
          );
          return;
        }
      }
    } catch (error) {
      // SQLite busy past the timeout, or a broken file: this watch cannot go on.
      if (!watcher.cancelled && !this.#closed)
        this.#fail(watcher, new StoreError('unavailable', `watch ${watcher.prefix}: ${(error as Error).message}`));
    } finally {
      watcher.pumping = false;
    }
  }

  #fail(watcher: Watcher, error: StoreError): void {
    if (watcher.cancelled) return;
    watcher.cancelled = true;
    this.#watchers.delete(watcher);
    watcher.handlers.onError?.(error);
  }
}

/** inotify on the database's folder, filtered to its files (-wal grows on every commit); undefined if unsupported. */
function watchDatabaseFiles(path: string, onChange: () => void): FSWatcher | undefined {
  const name = basename(path);
  try {
    const watcher = watchFiles(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file.startsWith(name)) onChange();
    });
    watcher.on('error', () => undefined); // the poll still covers us
    return watcher;
  } catch {
    return undefined;
  }
}
