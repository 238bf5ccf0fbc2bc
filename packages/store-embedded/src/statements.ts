import type Database from 'better-sqlite3';
import type { KeyValue } from '@wolfpack/store';

/** Change-log event types as stored (small integers keep rows short). */
export const PUT = 0;
export const DELETE = 1;

/** A kv row as SQLite returns it. */
export interface KeyRow {
  key: string;
  value: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease: number;
}

/** A change-log row; prev_* are null when the event had no previous record. */
export interface ChangeRow extends KeyRow {
  revision: number;
  type: number;
  prev_value?: string | null;
  prev_create_revision?: number | null;
  prev_mod_revision?: number | null;
  prev_version?: number | null;
  prev_lease?: number | null;
}

export const toKeyValue = (row: KeyRow): KeyValue => ({
  key: row.key,
  value: row.value,
  createRevision: row.create_revision,
  modRevision: row.mod_revision,
  version: row.version,
  lease: row.lease,
});

/**
 * The smallest key above every key starting with prefix (SQLite orders TEXT by UTF-8
 * bytes, i.e. by code point), for index range scans; undefined when no bound is needed.
 */
export function prefixEnd(prefix: string): string | undefined {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last === 0x10ffff) continue; // nothing above it: bump the character before
    const next = last === 0xd7ff ? 0xe000 : last + 1; // surrogates are not characters
    return chars.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/** SQL condition and parameters selecting the keys that start with prefix (index-friendly). */
export function keyPrefixCondition(prefix: string): { sql: string; params: string[] } {
  const end = prefixEnd(prefix);
  if (end === undefined) return prefix === '' ? { sql: '1', params: [] } : { sql: 'key >= ?', params: [prefix] };
  return { sql: 'key >= ? AND key < ?', params: [prefix, end] };
}

/** Every prepared statement of one connection, compiled once. */
export function prepareStatements(db: Database.Database) {
  return {
    revision: db.prepare<[], { value: number }>("SELECT value FROM meta WHERE name = 'revision'"),
    compacted: db.prepare<[], { value: number }>("SELECT value FROM meta WHERE name = 'compacted'"),
    setMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE name = ?'),

    getKey: db.prepare<[string], KeyRow>('SELECT * FROM kv WHERE key = ?'),
    insertKey: db.prepare<[string, string, number, number, number, number]>(
      'INSERT INTO kv (key, value, create_revision, mod_revision, version, lease) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateKey: db.prepare<[string, number, number, number, string]>(
      'UPDATE kv SET value = ?, mod_revision = ?, version = ?, lease = ? WHERE key = ?',
    ),
    deleteKey: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
    keysOfLease: db.prepare<[number], { key: string }>('SELECT key FROM kv WHERE lease = ? ORDER BY key'),

    appendChange: db.prepare(
      `INSERT INTO changes (revision, type, key, value, create_revision, version, lease,
         prev_value, prev_create_revision, prev_mod_revision, prev_version, prev_lease)
       VALUES (@revision, @type, @key, @value, @create_revision, @version, @lease,
         @prev_value, @prev_create_revision, @prev_mod_revision, @prev_version, @prev_lease)`,
    ),
    dropChangesBelow: db.prepare<[number]>('DELETE FROM changes WHERE revision < ?'),
    grantLease: db.prepare<[number, number]>('INSERT INTO leases (ttl_ms, expires_at) VALUES (?, ?)'),
    liveLease: db.prepare<[number, number], { id: number; ttl_ms: number; expires_at: number }>(
      'SELECT * FROM leases WHERE id = ? AND expires_at > ?',
    ),
    renewLease: db.prepare<[number, number, number]>(
      'UPDATE leases SET expires_at = ? + ttl_ms WHERE id = ? AND expires_at > ?',
    ),
    deleteLease: db.prepare<[number]>('DELETE FROM leases WHERE id = ?'),
    leaseExists: db.prepare<[number], { id: number }>('SELECT id FROM leases WHERE id = ?'),
    expiredLeases: db.prepare<[number], { id: number }>('SELECT id FROM leases WHERE expires_at <= ? ORDER BY id'),
    nextExpiry: db.prepare<[], { at: number | null }>('SELECT MIN(expires_at) AS at FROM leases'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
