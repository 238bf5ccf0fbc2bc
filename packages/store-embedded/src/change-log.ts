import type Database from 'better-sqlite3';
import type { WatchBatch, WatchEvent } from '@wolfpack/store';
import { retryWhileBusy } from './busy.ts';
import { DELETE, keyPrefixCondition, toKeyValue, type ChangeRow } from './statements.ts';

export type ChangeRead =
  /** Events from `from` on are gone: compacted up to this revision. */
  | { kind: 'compacted'; compacted: number }
  /** Nothing committed at or after `from` yet. */
  | { kind: 'caught-up'; revision: number }
  /** Revisions from..batch.revision (events may be empty if none matched the prefix). */
  | { kind: 'batch'; batch: WatchBatch };

export interface ChangeQuery {
  from: number;
  prefix: string;
  prevKv: boolean;
  /** Stop adding revisions once this many events are in the batch (a revision is never split). */
  maxEvents: number;
  /** ... or once the values add up to this many characters. */
  maxChars: number;
}

/** Reads the change log consistently: one SQLite read transaction per batch. */
export class ChangeLogReader {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement<unknown[], ChangeRow>>();
  readonly #read: (query: ChangeQuery) => ChangeRead;
  readonly #busyTimeoutMs: number;

  constructor(db: Database.Database, busyTimeoutMs: number) {
    this.#db = db;
    this.#busyTimeoutMs = busyTimeoutMs;
    const meta = db.prepare<[], { name: string; value: number }>('SELECT name, value FROM meta');
    this.#read = db.transaction((query: ChangeQuery): ChangeRead => {
      const values = new Map(meta.all().map((row) => [row.name, row.value]));
      const revision = values.get('revision') ?? 1;
      const compacted = values.get('compacted') ?? 0;
      if (query.from < compacted) return { kind: 'compacted', compacted };
      if (query.from > revision) return { kind: 'caught-up', revision };
      return { kind: 'batch', batch: this.#collect(query, revision) };
    });
  }

  read(query: ChangeQuery): ChangeRead {
    return retryWhileBusy(() => this.#read(query), this.#busyTimeoutMs);
  }

  #collect(query: ChangeQuery, upTo: number): WatchBatch {
    const condition = keyPrefixCondition(query.prefix);
    const statement = this.#statement(query.prevKv, condition.sql);
    const events: WatchEvent[] = [];
    let chars = 0;
    let covered = upTo;
    let lastRevision = 0;
    for (const row of statement.iterate(query.from, upTo, ...condition.params)) {
      if (row.revision !== lastRevision && (events.length >= query.maxEvents || chars >= query.maxChars)) {
        covered = row.revision - 1;
        break;
      }
      lastRevision = row.revision;
      if (!row.key.startsWith(query.prefix)) continue;
      events.push(toEvent(row));
      chars += row.value.length + (row.prev_value?.length ?? 0);
    }
    return { events, revision: covered };
  }

  #statement(prevKv: boolean, keyCondition: string): Database.Statement<unknown[], ChangeRow> {
    const columns = 'revision, type, key, value, create_revision, revision AS mod_revision, version, lease';
    const prev = prevKv ? ', prev_value, prev_create_revision, prev_mod_revision, prev_version, prev_lease' : '';
    const sql = `SELECT ${columns}${prev} FROM changes WHERE revision >= ? AND revision <= ? AND ${keyCondition} ORDER BY revision, id`;
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare<unknown[], ChangeRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function toEvent(row: ChangeRow): WatchEvent {
  const event: WatchEvent = { type: row.type === DELETE ? 'delete' : 'put', kv: toKeyValue(row) };
  if (row.prev_mod_revision != null) {
    event.prevKv = {
      key: row.key,
      value: row.prev_value ?? '',
      createRevision: row.prev_create_revision ?? 0,
      modRevision: row.prev_mod_revision,
      version: row.prev_version ?? 0,
      lease: row.prev_lease ?? 0,
    };
  }
  return event;
}
