import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/*
 * The reservation file is the contract between the Disk resource and everything that
 * writes to the disk (the chat server's history): whoever it names, at that epoch, and
 * not released, is the one owner allowed to write. See README.md.
 */

/** `<Path>/.wolfpack-reservation.json`. */
export interface Reservation {
  node: string;
  group: string;
  /** The group's placement epoch when the reservation was taken; only grows. */
  epoch: number;
  /** Milliseconds since the epoch when it was written. */
  at: number;
  /** True once the owner took the disk offline; the epoch is kept. */
  released: boolean;
}

export const reservationFileName = '.wolfpack-reservation.json';
const lockFileName = '.wolfpack-reservation.lock';
// A lock is held for a read and a rename: milliseconds. One older than a second was left
// by a crashed node, and is broken well within the wait, so the next owner loses ~1 s, not 10.
const staleLockMs = 1_000;
const lockWaitMs = 5_000;

export function reservationPath(folder: string): string {
  return join(folder, reservationFileName);
}

/**
 * On a node running as root the folder is group-writable for the resource user (sticky:
 * they cannot touch root's files), who may still create files under the reservation's
 * names while they are absent. Root trusts only its own: a file of another owner, a link
 * or anything but a regular file counts as planted.
 */
function plantedByAnother(uid: number): boolean {
  return process.getuid?.() === 0 && uid !== 0;
}

/**
 * The reservation recorded in the folder: 'none' when there is none, 'unreadable' when it
 * is not valid JSON of that shape, 'foreign' when it is a link or not root's on a root node.
 */
export function readReservation(folder: string): Reservation | 'none' | 'unreadable' | 'foreign' {
  let text: string;
  let fd: number;
  try {
    // Never followed, and never blocking on a FIFO someone put there.
    fd = openSync(reservationPath(folder), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'none';
    if (code === 'ELOOP') return 'foreign';
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || plantedByAnother(stat.uid)) return 'foreign';
    text = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  try {
    const value = JSON.parse(text) as Partial<Reservation>;
    if (typeof value.node !== 'string' || typeof value.group !== 'string' || typeof value.epoch !== 'number')
      return 'unreadable';
    return {
      node: value.node,
      group: value.group,
      epoch: value.epoch,
      at: Number(value.at ?? 0),
      released: value.released === true,
    };
  } catch {
    return 'unreadable';
  }
}

/** Write a file so that readers see the old or the new content, never a torn one, and it survives a crash. */
export function writeFileAtomically(path: string, folder: string, content: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // Exclusive: a fresh file of this process, never something planted under the name.
  const fd = openSync(temporary, 'wx', 0o644);
  try {
    // Readable by the processes that write to the disk (the chat server, as the resource
    // user), whatever the umask: they check it before every write. It holds no secret.
    fchmodSync(fd, 0o644);
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const directory = openSync(folder, 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

/** Record a reservation in the folder (atomically, durably). */
export function writeReservation(folder: string, reservation: Reservation): void {
  writeFileAtomically(reservationPath(folder), folder, `${JSON.stringify(reservation)}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a read-check-write of the reservation under an exclusive lock file (O_EXCL), so
 * two nodes bringing the disk online at once cannot both pass the epoch check.
 */
export async function withReservationLock<T>(folder: string, owner: string, action: () => T): Promise<T> {
  const lockPath = join(folder, lockFileName);
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      writeSync(fd, `${owner} pid ${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        const lock = lstatSync(lockPath);
        // A lock that is not root's on a root node was planted by a resource process: not a lock.
        if (Date.now() - lock.mtimeMs > staleLockMs || !lock.isFile() || plantedByAnother(lock.uid))
          unlinkSync(lockPath);
      } catch {
        // Released meanwhile: try again.
      }
      if (Date.now() > deadline)
        throw new Error(`the reservation lock ${lockPath} has been held by another owner for over ${lockWaitMs} ms`);
      await sleep(10);
    }
  }
  try {
    return action();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // Removed as stale by someone else: nothing to undo.
    }
  }
}
