import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  mkdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { FieldError, ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { resourceIdsVariable, resourceProcessUser, type ProcessUser } from '@wolfpack/resource-sdk';
import { readReservation, withReservationLock, writeReservation, type Reservation } from './reservation.ts';

/*
 * Disk: a folder standing for a shared disk with an exclusive reservation. Online takes
 * the reservation for this node at the group's placement epoch and refuses when the
 * folder is reserved at a higher epoch: the owner that is online with a stale epoch
 * must never win the disk back.
 */

/** Checks beyond the schema: Path must be absolute and not the root folder. */
export function validatePath(properties: Record<string, unknown>): FieldError[] {
  const path = String(properties.Path ?? '');
  if (!isAbsolute(path))
    return [
      {
        path: 'private.Path',
        message: `Path "${path}" must be an absolute folder path such as /var/lib/wolfpack/disks/socket-group`,
      },
    ];
  if (normalize(path) === '/')
    return [{ path: 'private.Path', message: 'Path "/" is the root folder; a disk needs a folder of its own' }];
  if (path.includes('\0')) return [{ path: 'private.Path', message: 'Path must not contain a NUL character' }];
  return [];
}

/** Whether `user` may create and rename entries in a folder with this owner and mode (ACLs aside). */
function canWrite(stat: Stats, user: ProcessUser): boolean {
  const bits = stat.uid === user.uid ? 0o300 : stat.gid === user.gid ? 0o030 : 0o003;
  return (stat.mode & bits) === bits;
}

/**
 * Creates the disk's folder. On a node running as root, the processes that write to the
 * disk run as resource users, while its reservation and lock files are root's: the folder
 * is root's, in the gid of the group's resource processes, mode 01770, so they can create and rotate
 * files of their own in it but, the folder being sticky, never rename or remove root's,
 * and the folders created on the way to it are 0711 (passable, not listable). A folder
 * that existed before is left as it is: what it lacks is said in the resource's log.
 */
function prepareFolder(folder: string, label: string, group: string, log: (message: string) => void): void {
  const firstCreated = mkdirSync(folder, { recursive: true });
  // With per-resource ids this is the Disk resource's own user: its gid is the group's, shared by the group's resources.
  const user = resourceProcessUser();
  if (!user) return;
  if (firstCreated === undefined) {
    const stat = statSync(folder);
    const settings = `owner ${stat.uid}:${stat.gid}, mode ${(stat.mode & 0o7777).toString(8)}`;
    const wanted = `root:${user.gid} mode 1770 (what Online gives a folder it creates)`;
    const who =
      process.env[resourceIdsVariable] === 'per-resource'
        ? `the resource processes of group ${group} (gid ${user.gid})`
        : `the resource user ${user.name} (uid ${user.uid}, gid ${user.gid})`;
    if (!canWrite(stat, user)) {
      log(
        `${label}: ${who} cannot write in this folder (${settings}), so resource processes cannot keep files on the disk; it existed before Online, so it is left as it is: make it ${wanted}`,
      );
    } else if (stat.uid === user.uid || (stat.mode & 0o1000) === 0) {
      log(
        `${label}: ${who} can rename or remove the reservation in this folder (${settings}), so a resource process could defeat the stale-owner fence; it existed before Online, so it is left as it is: make it ${wanted}`,
      );
    }
    return;
  }
  for (let parent = dirname(folder); parent.length >= firstCreated.length; parent = dirname(parent))
    chmodSync(parent, 0o711);
  chownSync(folder, 0, user.gid);
  chmodSync(folder, 0o1770);
}

function describe(reservation: Reservation): string {
  return `node ${reservation.node} (group ${reservation.group}) at epoch ${reservation.epoch}${reservation.released ? ', released' : ''}`;
}

function create(context: ResourceContext): ResourceInstance {
  const folder = normalize(String(context.properties.Path ?? ''));
  const label = `Disk ${folder}`;
  const owner = `${context.node}/${context.group}@${context.epoch}`;

  /** Why this owner may not take the reservation, or undefined when it may. */
  function refusal(existing: Reservation): string | undefined {
    if (existing.epoch > context.epoch) {
      return `${label} is reserved by node ${existing.node} at epoch ${existing.epoch}; this owner's epoch ${context.epoch} is stale`;
    }
    if (existing.group !== context.group && !existing.released) {
      return `${label} is reserved by group ${existing.group} (node ${existing.node}, epoch ${existing.epoch}); two groups cannot share one disk`;
    }
    if (existing.epoch === context.epoch && existing.node !== context.node && !existing.released) {
      return `${label} is reserved by node ${existing.node} at the same epoch ${existing.epoch}; refusing a second owner`;
    }
    return undefined;
  }

  /** True when the reservation still names this node and epoch and is not released. */
  function holdsReservation(): boolean {
    const current = readReservation(folder);
    if (typeof current === 'string') {
      context.log(
        `${label}: reservation is ${current === 'none' ? 'missing' : current === 'foreign' ? "not root's (planted by a resource process)" : 'unreadable'}`,
      );
      return false;
    }
    const held =
      current.node === context.node &&
      current.epoch === context.epoch &&
      current.group === context.group &&
      !current.released;
    if (!held)
      context.log(
        `${label}: reservation now names ${describe(current)}, not node ${context.node} at epoch ${context.epoch}`,
      );
    return held;
  }

  /** Mark our reservation released, unless a newer owner has taken it meanwhile. */
  async function release(): Promise<void> {
    await withReservationLock(folder, owner, () => {
      const current = readReservation(folder);
      if (typeof current === 'string') return;
      if (current.node !== context.node || current.epoch !== context.epoch || current.released) return;
      writeReservation(folder, { ...current, at: Date.now(), released: true });
    });
  }

  return {
    async online() {
      try {
        prepareFolder(folder, label, context.group, context.log);
      } catch (error) {
        throw new Error(`${label}: cannot create the folder: ${(error as Error).message}`);
      }
      await withReservationLock(folder, owner, () => {
        const existing = readReservation(folder);
        if (existing === 'unreadable') context.log(`${label}: overwriting an unreadable reservation file`);
        if (existing === 'foreign')
          context.log(`${label}: replacing a reservation file that is not root's (planted by a resource process)`);
        if (typeof existing !== 'string') {
          const problem = refusal(existing);
          if (problem) throw new Error(problem);
        }
        writeReservation(folder, {
          node: context.node,
          group: context.group,
          epoch: context.epoch,
          at: Date.now(),
          released: false,
        });
      });
      context.log(`${label}: reserved by node ${context.node} at epoch ${context.epoch}`);
    },
    async offline() {
      await release();
      context.log(`${label}: reservation released`);
    },
    async terminate() {
      try {
        await release();
      } catch (error) {
        context.log(`${label}: terminate could not release the reservation: ${(error as Error).message}`);
      }
    },
    async looksAlive() {
      if (!holdsReservation()) return false;
      try {
        accessSync(folder, constants.W_OK);
        return true;
      } catch (error) {
        context.log(`${label}: folder is not writable: ${(error as Error).message}`);
        return false;
      }
    },
    async isAlive() {
      if (!holdsReservation()) return false;
      // A fresh name, created exclusively: never a link a resource process planted.
      const probe = join(folder, `.wolfpack-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        writeFileSync(probe, owner, { flag: 'wx', mode: 0o600 });
        unlinkSync(probe);
        return true;
      } catch (error) {
        context.log(`${label}: cannot write a probe file: ${(error as Error).message}`);
        return false;
      }
    },
  };
}

/** The Disk resource type module. */
const diskType: ResourceTypeModule = {
  validate: (properties) => validatePath(properties),
  create,
};

export default diskType;
