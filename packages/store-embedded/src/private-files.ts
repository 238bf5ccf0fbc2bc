import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { resourceUserSetting } from '@wolfpack/resource-sdk';

/*
 * The cluster's files are its own user's: the data dir 0700 and every file in it 0600,
 * from creation and whatever the umask (the store holds password hashes, sessions,
 * the audit log and private properties). Modes are set explicitly, since open's and
 * mkdir's are masked by the umask and apply only to what they create.
 *
 * One exception: a node running as root runs its resource processes as another user
 * (WOLFPACK_RESOURCE_USER), who must reach their state folders and disks inside the
 * data dir. Then the data dir and the folders on the way are 0711: passable, but not
 * listable, and nothing in them readable (files stay 0600); the resource's own folders
 * are that user's.
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
  ensurePrivateDirectory(dataDir, resourceUserSetting() === undefined ? privateDirectoryMode : passableDirectoryMode);
}

/** A folder on the way to a resource user's folders: passable, not listable. */
export const passableDirectoryMode = 0o711;

/** Creates the folder (and missing parents) 0700, and sets an existing one that is ours to `mode`. */
export function ensurePrivateDirectory(path: string, mode: number = privateDirectoryMode): void {
  const firstCreated = mkdirSync(path, { recursive: true, mode: privateDirectoryMode });
  // Folders created on the way to a passable one are passable too.
  if (mode === passableDirectoryMode && firstCreated !== undefined) {
    for (let parent = dirname(path); parent.length >= firstCreated.length; parent = dirname(parent))
      chmodSync(parent, mode);
  }
  narrow(path, mode);
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
