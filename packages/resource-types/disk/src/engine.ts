import { accessSync, chmodSync, chownSync, constants, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { FieldError, ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { resourceProcessUser } from '@wolfpack/resource-sdk';
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
  if (!isAbsolute(path)) return [{ path: 'private.Path', message: `Path "${path}" must be an absolute folder path such as /var/lib/wolfpack/disks/socket-group` }];
  if (normalize(path) === '/') return [{ path: 'private.Path', message: 'Path "/" is the root folder; a disk needs a folder of its own' }];
  if (path.includes('\0')) return [{ path: 'private.Path', message: 'Path must not contain a NUL character' }];
  return [];
}

/**
 * Creates the disk's folder. On a node running as root, the resource processes that write
 * to the disk run as the resource user: the folder is theirs, and the folders created on
 * the way to it are 0711 (passable, not listable).
 */
function createFolder(folder: string): void {
  const firstCreated = mkdirSync(folder, { recursive: true });
  const user = resourceProcessUser();
  if (!user) return;
  if (firstCreated !== undefined) {
    for (let parent = dirname(folder); parent.length >= firstCreated.length; parent = dirname(parent)) chmodSync(parent, 0o711);
  }
  chownSync(folder, user.uid, user.gid);
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
      context.log(`${label}: reservation is ${current === 'none' ? 'missing' : 'unreadable'}`);
      return false;
    }
    const held = current.node === context.node && current.epoch === context.epoch && current.group === context.group && !current.released;
    if (!held) context.log(`${label}: reservation now names ${describe(current)}, not node ${context.node} at epoch ${context.epoch}`);
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
        createFolder(folder);
      } catch (error) {
        throw new Error(`${label}: cannot create the folder: ${(error as Error).message}`);
      }
      await withReservationLock(folder, owner, () => {
        const existing = readReservation(folder);
        if (existing === 'unreadable') context.log(`${label}: overwriting an unreadable reservation file`);
        if (typeof existing !== 'string') {
          const problem = refusal(existing);
          if (problem) throw new Error(problem);
        }
        writeReservation(folder, { node: context.node, group: context.group, epoch: context.epoch, at: Date.now(), released: false });
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
      const probe = join(folder, `.wolfpack-probe-${process.pid}`);
      try {
        writeFileSync(probe, owner);
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
