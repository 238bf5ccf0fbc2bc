import Database from 'better-sqlite3';
import { retryWhileBusy } from './busy.ts';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDatabaseFiles, privateDirectoryMode } from './private-files.ts';

/**
 * How far an acknowledged write is safe.
 * - 'process': survives a crash (kill -9) of any process, not a power loss
 *   (WAL + synchronous=NORMAL: the commit is in the OS page cache before put() returns).
 * - 'power': also survives power loss (synchronous=FULL: fsync of the WAL on every commit).
 */
export type Durability = 'process' | 'power';

const tables = `
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (name, value) VALUES ('revision', 1), ('compacted', 0);

CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  mod_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_by_lease ON kv (lease) WHERE lease != 0;

-- One row per put/delete, in commit order (rowid); several rows may share a revision.
CREATE TABLE IF NOT EXISTS changes (
  id INTEGER PRIMARY KEY,
  revision INTEGER NOT NULL,
  type INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  version INTEGER NOT NULL,
  lease INTEGER NOT NULL,
  prev_value TEXT,
  prev_create_revision INTEGER,
  prev_mod_revision INTEGER,
  prev_version INTEGER,
  prev_lease INTEGER
);
CREATE INDEX IF NOT EXISTS changes_by_revision ON changes (revision);

-- AUTOINCREMENT: a lease id is never reused, so a late keepAlive cannot renew a stranger's lease.
CREATE TABLE IF NOT EXISTS leases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ttl_ms INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS leases_by_expiry ON leases (expires_at);
`;

export interface DatabaseOptions {
  path: string;
  durability: Durability;
  busyTimeoutMs: number;
}

/** Open (creating if needed) the store's database file, in WAL mode, shared by processes. */
export function openDatabase(options: DatabaseOptions): Database.Database {
  // Created private; an existing folder is the entry point's to narrow (preparePrivateDataDir).
  mkdirSync(dirname(options.path), { recursive: true, mode: privateDirectoryMode });
  ensurePrivateDatabaseFiles(options.path);
  // Lock waits are retried by retryWhileBusy (busy.ts), finer and fairer than SQLite's
  // sleeps: with many agents starting at once those starved a newcomer past any timeout.
  const db = new Database(options.path, { timeout: 0 });
  const startupWaitMs = Math.max(options.busyTimeoutMs, 30_000);
  try {
    retryWhileBusy(() => db.pragma('journal_mode = WAL'), startupWaitMs);
    db.pragma(`synchronous = ${options.durability === 'power' ? 'FULL' : 'NORMAL'}`);
    // After a checkpoint, shrink the WAL back instead of keeping a large file around.
    db.pragma('journal_size_limit = 16777216');
    // Only the first process creates the tables; the rest need not queue for the write lock.
    const created = retryWhileBusy(
      () => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv'").get(),
      startupWaitMs,
    );
    if (!created) retryWhileBusy(() => db.transaction(() => db.exec(tables)).immediate(), startupWaitMs);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
