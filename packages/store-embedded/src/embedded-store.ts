import type Database from 'better-sqlite3';
import { resolve } from 'node:path';
import {
  StoreError,
  type ClusterStore,
  type KeyValue,
  type LeaseGrant,
  type LeaseId,
  type PutOptions,
  type RangeOptions,
  type RangeResult,
  type TxnRequest,
  type TxnResult,
  type Watch,
  type WatchHandlers,
  type WatchOptions,
} from '@wolfpack/store';
import { retryWhileBusy, retryWhileBusyAsync } from './busy.ts';
import { ChangeLogReader } from './change-log.ts';
import { LeaseSweeper } from './lease-sweeper.ts';
import { RangeReader } from './range-reader.ts';
import { RevisionWriter } from './revision-writer.ts';
import { stopInsideWriteIfAsked } from './stop-inside-write.ts';
import { openDatabase, type Durability } from './schema.ts';
import { keyPrefixCondition, prepareStatements, toKeyValue, type Statements } from './statements.ts';
import { applyOps, holds, validateTxn } from './txn.ts';
import { WatchHub } from './watch-hub.ts';

export interface EmbeddedStoreOptions {
  /** The database file; created with its folder if missing. Every process of the cluster opens the same file. */
  path: string;
  /**
   * Default 'power' (synchronous=FULL: fsync of the WAL at each commit). Measured with
   * bench/store.bench.mjs on the dev VM: put p50 0.24 ms ('power') vs 0.04 ms ('process');
   * both are far below anything failover waits for (lease TTLs, watch delivery), and
   * 'power' keeps revisions and placement epochs from ever going back after a power loss.
   * 'process' (synchronous=NORMAL) still survives kill -9 of any process; pick it for slow disks.
   */
  durability?: Durability;
  /** Fallback poll for other processes' writes (inotify usually wakes watchers first). Default 50 ms. */
  pollIntervalMs?: number;
  /** Wake watchers on other processes' writes through inotify on the database folder. Default true; false leaves only the poll (for measurements). */
  watchFile?: boolean;
  /** Longest wait between checks for expired leases. Default 50 ms. */
  sweepIntervalMs?: number;
  /** The change log keeps at least this many revisions; older ones are compacted. Default 100 000. */
  historyRevisions?: number;
  /** How long a write waits for another process's write to finish. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Open the embedded cluster store: SQLite (WAL) in one file shared by the processes of one machine. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<ClusterStore> {
  return new EmbeddedStore(options);
}

/** The ClusterStore on SQLite, for a cluster whose nodes all run on one machine. */
export class EmbeddedStore implements ClusterStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #sql: Statements;
  readonly #ranges: RangeReader;
  readonly #hub: WatchHub;
  readonly #sweeper: LeaseSweeper;
  readonly #historyRevisions: number;
  readonly #busyTimeoutMs: number;
  #writeQueue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: EmbeddedStoreOptions) {
    this.path = resolve(options.path);
    this.#historyRevisions = options.historyRevisions ?? 100_000;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#db = openDatabase({
      path: this.path,
      durability: options.durability ?? 'power',
      busyTimeoutMs: this.#busyTimeoutMs,
    });
    this.#sql = prepareStatements(this.#db);
    this.#ranges = new RangeReader(this.#db);
    this.#hub = new WatchHub({
      path: this.path,
      reader: new ChangeLogReader(this.#db, this.#busyTimeoutMs),
      currentRevision: () => retryWhileBusy(() => this.#currentRevision(), this.#busyTimeoutMs),
      pollIntervalMs: options.pollIntervalMs ?? 50,
      watchFile: options.watchFile ?? true,
      maxBatchEvents: 1000,
      maxBatchChars: 8 * 1024 * 1024,
    });
    this.#sweeper = new LeaseSweeper({
      statements: this.#sql,
      intervalMs: options.sweepIntervalMs ?? 50,
      expire: async (lease) => {
        await this.#write((writer) => this.#dropLease(writer, lease, true));
      },
    });
  }

  async revision(): Promise<number> {
    return this.#guard('revision', () => this.#currentRevision());
  }

  async get(key: string): Promise<KeyValue | undefined> {
    return this.#guard(`get ${key}`, () => {
      const row = this.#sql.getKey.get(key);
      return row ? toKeyValue(row) : undefined;
    });
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    return this.#guard(`range ${prefix}`, () => this.#ranges.read(prefix, options));
  }

  async put(key: string, value: string, options: PutOptions = {}): Promise<number> {
    checkKey('put', key);
    if (typeof value !== 'string')
      throw new StoreError('invalid', `put ${key}: value must be a string, got ${typeof value}`);
    return (await this.#write((writer) => writer.put(key, value, options.lease ?? 0))).revision;
  }

  async delete(key: string): Promise<{ revision: number; deleted: boolean }> {
    checkKey('delete', key);
    const { result, revision } = await this.#write((writer) => writer.delete(key));
    return { revision, deleted: result };
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    validateTxn(request);
    const { result, revision } = await this.#write((writer) => {
      const succeeded = request.compare.every((compare) => holds(compare, writer.get(compare.key)));
      const gets = applyOps(writer, succeeded ? request.success : (request.failure ?? []), (prefix) =>
        this.#keysWithPrefix(prefix),
      );
      return { succeeded, gets };
    });
    return { ...result, revision };
  }

  async watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): Promise<Watch> {
    return this.#guard(`watch ${prefix}`, () => this.#hub.add(prefix, options, handlers));
  }

  async grantLease(ttlMs: number): Promise<LeaseGrant> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0)
      throw new StoreError('invalid', `grantLease: ttlMs must be a positive number, got ${ttlMs}`);
    const ttl = Math.ceil(ttlMs);
    const id = await this.#guardWrite('grantLease', () =>
      Number(this.#sql.grantLease.run(ttl, Date.now() + ttl).lastInsertRowid),
    );
    this.#sweeper.expectExpiry(Date.now() + ttl);
    return { id, ttlMs: ttl };
  }

  async keepAlive(lease: LeaseId): Promise<void> {
    const now = Date.now();
    const renewed = await this.#guardWrite(
      `keepAlive ${lease}`,
      () => this.#sql.renewLease.run(now, lease, now).changes,
      { urgent: true },
    );
    if (renewed === 0)
      throw new StoreError('lease-not-found', `keepAlive: lease ${lease} does not exist (expired or revoked)`);
  }

  /** Revoking a lease that is already gone does nothing (the keys are gone too). */
  async revokeLease(lease: LeaseId): Promise<void> {
    await this.#write((writer) => this.#dropLease(writer, lease, false));
  }

  async leaseTimeToLive(lease: LeaseId): Promise<number | undefined> {
    const now = Date.now();
    const row = this.#guard(`leaseTimeToLive ${lease}`, () => this.#sql.liveLease.get(lease, now));
    return row ? row.expires_at - now : undefined;
  }

  /** Compacting at or below the current compaction point does nothing. */
  async compact(revision: number): Promise<void> {
    await this.#write((writer) => {
      if (revision > writer.revision) {
        throw new StoreError('invalid', `compact: revision ${revision} is in the future (current ${writer.revision})`);
      }
      writer.compact(revision);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sweeper.stop();
    this.#hub.close();
    this.#db.close();
  }

  #currentRevision(): number {
    return this.#sql.revision.get()?.value ?? 1;
  }

  #keysWithPrefix(prefix: string): string[] {
    const condition = keyPrefixCondition(prefix);
    const rows = this.#db
      .prepare<string[], { key: string }>(`SELECT key FROM kv WHERE ${condition.sql} ORDER BY key`)
      .all(...condition.params);
    return rows.map((row) => row.key).filter((key) => key.startsWith(prefix));
  }

  /** Delete a lease and its keys (one revision); with onlyIfExpired, leave a lease renewed meanwhile alone. */
  #dropLease(writer: RevisionWriter, lease: LeaseId, onlyIfExpired: boolean): void {
    if (!this.#sql.leaseExists.get(lease)) return;
    if (onlyIfExpired && this.#sql.liveLease.get(lease, Date.now())) return;
    writer.deleteAll(this.#sql.keysOfLease.all(lease).map((row) => row.key));
    this.#sql.deleteLease.run(lease);
  }

  /** One BEGIN IMMEDIATE transaction: waits for other processes' writes, commits all or nothing. */
  async #write<T>(body: (writer: RevisionWriter) => T): Promise<{ result: T; revision: number }> {
    const outcome = await this.#guardWrite('write', () =>
      this.#db
        .transaction(() => {
          const writer = new RevisionWriter(this.#sql, Date.now());
          stopInsideWriteIfAsked();
          const result = body(writer);
          if (writer.wrote) this.#compactHistory(writer);
          return { result, revision: writer.revision, wrote: writer.wrote };
        })
        .immediate(),
    );
    if (outcome.wrote) this.#hub.committed();
    return outcome;
  }

  /** Keep the change log bounded: drop old revisions in steps of a tenth of the history. */
  #compactHistory(writer: RevisionWriter): void {
    const compacted = this.#sql.compacted.get()?.value ?? 0;
    const keep = this.#historyRevisions;
    if (writer.revision - Math.max(compacted, 1) > keep + Math.ceil(keep / 10)) writer.compact(writer.revision - keep);
  }

  /** Run a database call, turning closed stores and SQLite failures into StoreErrors. */
  #guard<T>(what: string, call: () => T): T {
    if (this.#closed) throw new StoreError('closed', `${what}: store ${this.path} is closed`);
    try {
      return retryWhileBusy(call, this.#busyTimeoutMs);
    } catch (error) {
      throw this.#storeError(what, error);
    }
  }

  /**
   * The same for writes: waiting for another process's write lock never blocks this event
   * loop. This process's own writes queue up one at a time (FIFO), so only one of them at a
   * time competes for the lock with other processes, instead of a herd of retry loops.
   */
  #guardWrite<T>(what: string, call: () => T, { urgent = false } = {}): Promise<T> {
    // Lease renewals skip the queue: a node must not lose its lease behind its own writes.
    if (urgent) return this.#attemptWrite(what, call);
    const turn = this.#writeQueue.then(() => this.#attemptWrite(what, call));
    this.#writeQueue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #attemptWrite<T>(what: string, call: () => T): Promise<T> {
    if (this.#closed) throw new StoreError('closed', `${what}: store ${this.path} is closed`);
    try {
      return await retryWhileBusyAsync(() => {
        if (this.#closed) throw new StoreError('closed', `${what}: store ${this.path} is closed`);
        return call();
      }, this.#busyTimeoutMs);
    } catch (error) {
      throw this.#storeError(what, error);
    }
  }

  #storeError(what: string, error: unknown): StoreError {
    if (error instanceof StoreError) return error;
    const code = (error as { code?: string }).code ?? '';
    return new StoreError(
      'unavailable',
      `${what} on store ${this.path} failed${code ? ` (${code})` : ''}: ${(error as Error).message}`,
    );
  }
}

function checkKey(what: string, key: string): void {
  if (typeof key !== 'string' || key === '')
    throw new StoreError('invalid', `${what}: key must be a non-empty string, got ${JSON.stringify(key)}`);
}
