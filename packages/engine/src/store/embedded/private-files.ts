import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/*
 * The cluster's files are its own user's: the data dir 0700 and every file in it 0600,
 * from creation and whatever the umask (the store holds password hashes, sessions,
 * the audit log and private properties). Modes are set explicitly, since open's and
 * mkdir's are masked by the umask and apply only to what they create.
 */

export const privateDirectoryMode = 0o700;
export const privateFileMode = 0o600;

/**
 * For a process of the cluster (launcher, wolfpackd, server): a umask of 077, so any file
 * it or a library it uses (SQLite, etcd) creates is born private; then the data dir, created
 * if missing and narrowed to 0700 if it is not.
 */
export function preparePrivateDataDir(dataDir: string): void {
  process.umask(0o077);
  ensurePrivateDirectory(dataDir);
}

/** Creates the folder (and missing parents) 0700, and narrows an existing one that is ours. */
export function ensurePrivateDirectory(path: string): void {
  mkdirSync(path, { recursive: true, mode: privateDirectoryMode });
  narrow(path, privateDirectoryMode);
}

/**
 * The store's database file and its -wal and -shm: the file is created 0600 before SQLite
 * opens it (SQLite gives the WAL and shared-memory files the database file's mode), and
 * files an older version left 0644 are narrowed.
 */
export function ensurePrivateDatabaseFiles(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', privateFileMode));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) narrow(file, privateFileMode);
}

/** chmod to `mode` when the file exists, is ours, and has another mode. */
function narrow(path: string, mode: number): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return; // not there (a -wal after a clean close)
  }
  if ((stat.mode & 0o777) === mode) return;
  if (process.getuid && stat.uid !== process.getuid()) return; // someone else's: not ours to narrow
  chmodSync(path, mode);
}
