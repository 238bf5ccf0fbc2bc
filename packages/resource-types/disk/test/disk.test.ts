import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import diskType from '../src/engine.ts';
import { makeContext } from './context.ts';

/** A fresh disk path that does not exist yet (online must create it). */
function diskPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'wp-disk-')), 'disks', 'socket-group');
}

function reservation(path: string) {
  return JSON.parse(readFileSync(join(path, '.wolfpack-reservation.json'), 'utf8')) as Record<string, unknown>;
}

describe('Disk', () => {
  it('creates the folder and reserves it for this node and epoch', async () => {
    const path = diskPath();
    const instance = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 3 }).context);
    await instance.online();
    expect(reservation(path)).toEqual({
      node: 'OSDB_SERV',
      group: 'SOCKET_GROUP',
      epoch: 3,
      at: expect.any(Number),
      released: false,
    });
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);
    // The atomic write and the lock leave nothing behind.
    expect(readdirSync(path)).toEqual(['.wolfpack-reservation.json']);
  });

  it('hands the disk to a newer owner and refuses the stale one', async () => {
    const path = diskPath();
    const serv = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 1 }).context);
    const back = diskType.create(makeContext(path, { node: 'OSDB_BACK', epoch: 2 }).context);
    await serv.online();

    // OSDB_SERV vanished without releasing; the group failed over at epoch 2.
    await back.online();
    expect(reservation(path)).toMatchObject({ node: 'OSDB_BACK', epoch: 2, released: false });
    expect(await serv.looksAlive()).toBe(false);
    expect(await serv.isAlive()).toBe(false);
    expect(await back.looksAlive()).toBe(true);

    // The stale owner neither wins the disk back nor releases the new owner's reservation.
    await expect(serv.online()).rejects.toThrow(
      `Disk ${path} is reserved by node OSDB_BACK at epoch 2; this owner's epoch 1 is stale`,
    );
    await serv.offline();
    await serv.terminate();
    expect(reservation(path)).toMatchObject({ node: 'OSDB_BACK', epoch: 2, released: false });
    expect(await back.isAlive()).toBe(true);
  });

  it('offline marks the reservation released and keeps its epoch', async () => {
    const path = diskPath();
    const serv = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 4 }).context);
    await serv.online();
    await serv.offline();
    expect(reservation(path)).toMatchObject({ node: 'OSDB_SERV', epoch: 4, released: true });
    expect(await serv.looksAlive()).toBe(false);

    // A released reservation still fences older epochs.
    const stale = diskType.create(makeContext(path, { node: 'OSDB_BACK', epoch: 3 }).context);
    await expect(stale.online()).rejects.toThrow(/epoch 3 is stale/);
    const next = diskType.create(makeContext(path, { node: 'OSDB_BACK', epoch: 5 }).context);
    await next.online();
    expect(reservation(path)).toMatchObject({ node: 'OSDB_BACK', epoch: 5, released: false });
  });

  it('refuses a disk another group holds, and a second node at the same epoch', async () => {
    const path = diskPath();
    await diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 1, group: 'WEB_GROUP' }).context).online();
    const other = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 7 }).context);
    await expect(other.online()).rejects.toThrow(
      `Disk ${path} is reserved by group WEB_GROUP (node OSDB_SERV, epoch 1); two groups cannot share one disk`,
    );

    const samePath = diskPath();
    await diskType.create(makeContext(samePath, { node: 'OSDB_SERV', epoch: 2 }).context).online();
    const twin = diskType.create(makeContext(samePath, { node: 'OSDB_BACK', epoch: 2 }).context);
    await expect(twin.online()).rejects.toThrow(/reserved by node OSDB_SERV at the same epoch 2/);
  });

  it('notices when the folder disappears or the reservation file is replaced', async () => {
    const path = diskPath();
    const { context, logs } = makeContext(path, { node: 'OSDB_SERV', epoch: 1 });
    const instance = diskType.create(context);
    await instance.online();
    writeFileSync(join(path, '.wolfpack-reservation.json'), 'not json');
    expect(await instance.looksAlive()).toBe(false);
    expect(logs.at(-1)).toMatch(/unreadable/);
    await instance.online(); // an unreadable reservation is overwritten
    expect(await instance.isAlive()).toBe(true);
  });

  it('breaks a lock left behind by a crashed owner', async () => {
    const path = diskPath();
    const instance = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 1 }).context);
    await instance.online();
    const lock = join(path, '.wolfpack-reservation.lock');
    writeFileSync(lock, 'OSDB_BACK pid 1\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await instance.offline();
    expect(reservation(path)).toMatchObject({ released: true });
    expect(readdirSync(path)).toEqual(['.wolfpack-reservation.json']);
  });

  it('validate names the Path field', () => {
    const validate = diskType.validate!;
    const context = { resource: 'Shared Disk', group: 'SOCKET_GROUP', providers: [] };
    expect(validate({ Path: '/var/lib/wolfpack/disks/a' }, context)).toEqual([]);
    expect(validate({ Path: 'disks/a' }, context)).toEqual([
      { path: 'private.Path', message: expect.stringContaining('must be an absolute folder path') },
    ]);
    expect(validate({ Path: '//' }, context)[0]?.message).toMatch(/root folder/);
  });
});
