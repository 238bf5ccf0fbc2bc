import { readFileSync } from 'node:fs';
import type { ChatConfig } from '../protocol.ts';

/**
 * What the Disk resource records in `<Path>/.wolfpack-reservation.json` about who may
 * write to it (written atomically by the Disk type; see its reservation.ts).
 */
interface Reservation {
  node: string;
  group?: string;
  epoch: number;
  released?: boolean;
}

function readReservation(path: string): Reservation | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `the disk has no reservation (${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  try {
    const value = JSON.parse(text) as Partial<Reservation>;
    if (typeof value.node === 'string' && typeof value.epoch === 'number') return value as Reservation;
  } catch {
    // fall through: an unreadable reservation is refused like a missing one
  }
  return `the disk reservation ${path} is not {"node": string, "epoch": number}`;
}

/**
 * The fencing check made before every write to the group's disk: undefined while this
 * process (node, group, epoch) still owns the disk, otherwise why it must not write. A
 * reservation by another node or group, by a newer placement (higher epoch), or one
 * already released means this process is a stale owner: another may be writing already.
 */
export function staleOwnerReason(
  config: Pick<ChatConfig, 'node' | 'group' | 'epoch' | 'reservationPath'>,
): string | undefined {
  const reservation = readReservation(config.reservationPath);
  if (typeof reservation === 'string') return reservation;
  const holder = `${reservation.node} epoch ${reservation.epoch}`;
  if (reservation.node !== config.node || reservation.epoch > config.epoch) return `the disk is reserved by ${holder}`;
  if (reservation.group !== undefined && reservation.group !== config.group)
    return `the disk is reserved by group ${reservation.group} on ${holder}`;
  if (reservation.released === true) return `the disk reservation of ${holder} was released`;
  return undefined;
}
