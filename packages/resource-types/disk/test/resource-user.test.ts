import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import diskType from '../src/engine.ts';
import { makeContext } from './context.ts';

/*
 * A Disk on a node running as root, whose resource processes run as the resource user
 * (nobody here): they keep and rotate files of their own in the folder, but cannot
 * rename, remove or forge root's reservation, so the stale-owner refusal holds whatever
 * they do. The resource user's attempts are real processes started through setpriv.
 */

const nobody = { uid: 65534, gid: 65534 };
const reservationFile = '.wolfpack-reservation.json';

/** Runs a shell script as nobody in `folder`; its stdout and stderr, joined. */
function asNobody(folder: string, script: string): string {
  const run = spawnSync(
    'setpriv',
    [`--reuid=${nobody.uid}`, `--regid=${nobody.gid}`, '--clear-groups', 'sh', '-c', script],
    { cwd: folder, encoding: 'utf8' },
  );
  return `${run.stdout}${run.stderr}`;
}

describe('a Disk on a root node, against its resource user', () => {
  let parent: string;
  let saved: string | undefined;

  beforeAll(() => {
    expect(process.getuid?.()).toBe(0);
    saved = process.env.WOLFPACK_RESOURCE_USER;
    // What a root node's resource host has: the SDK reads it to know the resource user.
    process.env.WOLFPACK_RESOURCE_USER = 'nobody';
    parent = mkdtempSync(join(tmpdir(), 'wp-disk-user-'));
    chmodSync(parent, 0o711); // passable, as /var/lib is
  });

  afterAll(() => {
    if (saved === undefined) delete process.env.WOLFPACK_RESOURCE_USER;
    else process.env.WOLFPACK_RESOURCE_USER = saved;
  });

  it('creates a folder root keeps, the resource user writes and rotates in, and cannot take the reservation out of', async () => {
    const path = join(parent, 'disks', 'socket-group');
    const serv = diskType.create(makeContext(path, { node: 'OSDB_SERV', epoch: 2 }).context);
    await serv.online();

    // The chat server's way of keeping history: append, rename to .1 over the older one, start anew.
    const rotation = asNobody(
      path,
      'echo one >> history.log && mv history.log history.log.1 && echo two >> history.log && mv history.log history.log.1 && echo three >> history.log && echo rotated',
    );
    expect(rotation.trim()).toBe('rotated');
    expect(readFileSync(join(path, 'history.log.1'), 'utf8')).toBe('two\n');
    expect(lstatSync(join(path, 'history.log')).uid).toBe(nobody.uid);

    // Renaming, removing or replacing root's reservation is refused by the kernel.
    const attacks = asNobody(
      path,
      [
        `mv -f ${reservationFile} moved.json`,
        `rm -f ${reservationFile}`,
        `echo '{"node":"X","group":"SOCKET_GROUP","epoch":99}' > forged.json; mv -f forged.json ${reservationFile}`,
        `ln -sf /dev/null ${reservationFile}`,
      ].join('; '),
    );
    expect(attacks.match(/Operation not permitted|Permission denied/g)?.length).toBe(4);
    expect(lstatSync(join(path, reservationFile)).uid).toBe(0);

    // The fence holds: the stale owner is still refused, the current one still holds the disk.
    const stale = diskType.create(makeContext(path, { node: 'OSDB_BACK', epoch: 1 }).context);
    await expect(stale.online()).rejects.toThrow(
      `Disk ${path} is reserved by node OSDB_SERV at epoch 2; this owner's epoch 1 is stale`,
    );
    expect(await serv.looksAlive()).toBe(true);
    expect(await serv.isAlive()).toBe(true);
    const folder = lstatSync(path);
    expect([folder.uid, folder.gid, (folder.mode & 0o7777).toString(8)]).toEqual([0, nobody.gid, '1770']);
  });

  it('takes no reservation or lock the resource user planted, and follows none of their links', async () => {
    const path = join(parent, 'planted');
    mkdirSync(path);
    chownSync(path, 0, nobody.gid);
    chmodSync(path, 0o1770);
    // A root file elsewhere naming a higher epoch: followed through a link, it would refuse Online.
    const decoy = join(parent, 'decoy.json');
    writeFileSync(
      decoy,
      JSON.stringify({ node: 'OSDB_BACK', group: 'SOCKET_GROUP', epoch: 99, at: 0, released: false }),
    );
    expect(
      asNobody(path, `ln -s ${decoy} ${reservationFile} && touch .wolfpack-reservation.lock && echo planted`).trim(),
    ).toBe('planted');

    const { context, logs } = makeContext(path, { node: 'OSDB_SERV', epoch: 3 });
    const serv = diskType.create(context);
    const started = Date.now();
    await serv.online();
    // A planted lock is no lock: broken at once, not after the stale-lock second.
    expect(Date.now() - started).toBeLessThan(900);
    expect(logs).toContain(
      `Disk ${path}: replacing a reservation file that is not root's (planted by a resource process)`,
    );
    const reservation = lstatSync(join(path, reservationFile));
    expect([reservation.isFile(), reservation.uid]).toEqual([true, 0]);
    expect(JSON.parse(readFileSync(decoy, 'utf8'))).toMatchObject({ epoch: 99 }); // untouched

    // A reservation written by nobody (here: once root's was gone) names no owner either.
    const other = join(parent, 'forged');
    mkdirSync(other);
    chownSync(other, 0, nobody.gid);
    chmodSync(other, 0o1770);
    asNobody(
      other,
      `echo '{"node":"OSDB_BACK","group":"SOCKET_GROUP","epoch":99,"at":0,"released":false}' > ${reservationFile}`,
    );
    await diskType.create(makeContext(other, { node: 'OSDB_SERV', epoch: 1 }).context).online();
    expect(JSON.parse(readFileSync(join(other, reservationFile), 'utf8'))).toMatchObject({
      node: 'OSDB_SERV',
      epoch: 1,
    });
    expect(readdirSync(other)).toEqual([reservationFile]);
  });

  it('leaves a folder that existed before as it is, and says what the resource user lacks', async () => {
    const path = join(parent, 'existing');
    mkdirSync(path, { mode: 0o755 });
    chmodSync(path, 0o755);
    const { context, logs } = makeContext(path, { node: 'OSDB_SERV', epoch: 1 });
    await diskType.create(context).online();
    const folder = lstatSync(path);
    expect([folder.uid, folder.gid, (folder.mode & 0o7777).toString(8)]).toEqual([0, 0, '755']);
    expect(logs[0]).toBe(
      `Disk ${path}: the resource user nobody (uid 65534, gid 65534) cannot write in this folder (owner 0:0, mode 755), so resource processes cannot keep files on the disk; it existed before Online, so it is left as it is: make it root:65534 mode 1770 (what Online gives a folder it creates)`,
    );

    // One the resource user owns (as Online made them before): kept, with the risk named.
    const theirs = join(parent, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, nobody.uid, nobody.gid);
    const second = makeContext(theirs, { node: 'OSDB_SERV', epoch: 1 });
    await diskType.create(second.context).online();
    expect(lstatSync(theirs).uid).toBe(nobody.uid);
    expect(second.logs[0]).toMatch(
      /can rename or remove the reservation in this folder \(owner 65534:65534, mode 700\), so a resource process could defeat the stale-owner fence/,
    );
  });
});
