import { StoreError, type KeyValue, type LeaseId } from '@wolfpack/store';
import { DELETE, PUT, toKeyValue, type KeyRow, type Statements } from './statements.ts';

/**
 * The writes of one SQLite write transaction: they all share one new revision, taken
 * at the first write (a transaction that writes nothing leaves the revision alone, as in
 * etcd). Must only be used inside BEGIN IMMEDIATE, so the revision read is the latest.
 */
export class RevisionWriter {
  readonly #sql: Statements;
  readonly #now: number;
  #base: number | undefined;
  #revision: number | undefined;

  constructor(statements: Statements, now: number) {
    this.#sql = statements;
    this.#now = now;
  }

  /** The revision after this transaction: the new one if it wrote, else the current one. */
  get revision(): number {
    return this.#revision ?? this.#current();
  }

  /** True once something was written. */
  get wrote(): boolean {
    return this.#revision !== undefined;
  }

  get(key: string): KeyValue | undefined {
    const row = this.#sql.getKey.get(key);
    return row ? toKeyValue(row) : undefined;
  }

  put(key: string, value: string, lease: LeaseId = 0): KeyValue {
    if (lease !== 0 && !this.#sql.liveLease.get(lease, this.#now)) {
      throw new StoreError('lease-not-found', `put ${key}: lease ${lease} does not exist (expired or revoked)`);
    }
    const previous = this.#sql.getKey.get(key);
    const revision = this.#next();
    const record: KeyRow = {
      key,
      value,
      create_revision: previous ? previous.create_revision : revision,
      mod_revision: revision,
      version: previous ? previous.version + 1 : 1,
      lease,
    };
    if (previous) this.#sql.updateKey.run(value, revision, record.version, lease, key);
    else this.#sql.insertKey.run(key, value, revision, revision, 1, lease);
    this.#append(PUT, record, previous);
    return toKeyValue(record);
  }

  /** Delete one key; false if it did not exist. */
  delete(key: string): boolean {
    const previous = this.#sql.getKey.get(key);
    if (!previous) return false;
    const revision = this.#next();
    this.#sql.deleteKey.run(key);
    this.#append(
      DELETE,
      { key, value: '', create_revision: 0, mod_revision: revision, version: 0, lease: 0 },
      previous,
    );
    return true;
  }

  /** Delete each of these keys (those that exist); returns how many were deleted. */
  deleteAll(keys: Iterable<string>): number {
    let deleted = 0;
    for (const key of keys) if (this.delete(key)) deleted += 1;
    return deleted;
  }

  /** Drop change-log rows below revision, if it is above the current compaction point. */
  compact(revision: number): void {
    const compacted = this.#sql.compacted.get()?.value ?? 0;
    if (revision <= compacted) return;
    this.#sql.dropChangesBelow.run(revision);
    this.#sql.setMeta.run(revision, 'compacted');
  }

  #current(): number {
    this.#base ??= this.#sql.revision.get()?.value ?? 1;
    return this.#base;
  }

  #next(): number {
    if (this.#revision === undefined) {
      this.#revision = this.#current() + 1;
      this.#sql.setMeta.run(this.#revision, 'revision');
    }
    return this.#revision;
  }

  #append(type: number, record: KeyRow, previous: KeyRow | undefined): void {
    this.#sql.appendChange.run({
      revision: record.mod_revision,
      type,
      key: record.key,
      value: record.value,
      create_revision: record.create_revision,
      version: record.version,
      lease: record.lease,
      prev_value: previous?.value ?? null,
      prev_create_revision: previous?.create_revision ?? null,
      prev_mod_revision: previous?.mod_revision ?? null,
      prev_version: previous?.version ?? null,
      prev_lease: previous?.lease ?? null,
    });
  }
}
