import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@wolfpack/client';
import { dynamicId, perGroupGid } from '@wolfpack/resource-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { waitUntil } from '@wolfpack/testing/conditions';
import { waitForNodesUp } from './harness/applications.ts';

// The cluster's files hold password hashes, sessions, the audit log and private
// properties: `npm start` under the usual umask 022 leaves every file in its data dir
// 0600 (the store's database and its -wal and -shm, registered modules, the seed group's
// disk and history, what its resources wrote) and every folder 0700. Run as root, as
// here, each resource's processes run as a uid of its own: the folders on the way to their
// state folders are then 0711 (passable, not listable), and each state folder is its
// resource's. The seed group's disk is root's, in the group's own gid, 01770 (sticky): the
// group's resources write their files there but cannot rename or remove root's
// reservation. The one file others may read is that reservation (0644): its writers check
// it, and it holds no secret.

const adminPassword = 'file-modes-admin-password';

const chatUid = dynamicId('resource:Chat Server');
/** Folders resource processes pass through: 0711 when the node runs as root. */
const passable = (dataDir: string): Set<string> =>
  new Set(
    [
      '',
      'nodes',
      'nodes/OSDB_SERV',
      'nodes/OSDB_BACK',
      'nodes/OSDB_SERV/resources',
      'nodes/OSDB_BACK/resources',
      'disks',
    ].map((path) => join(dataDir, path)),
  );

/** The seed group's disk: root's, group-writable for the group's resources, sticky. */
const disk = (dataDir: string): string => join(dataDir, 'disks', 'SOCKET_GROUP');

/** Every path under `dir` with another mode than the rule's, as `mode owner path`. */
function offTheRule(dir: string, dataDir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    const mode = stat.mode & 0o7777;
    const expected = stat.isDirectory()
      ? passable(dataDir).has(path)
        ? 0o711
        : path === disk(dataDir)
          ? 0o1770
          : 0o700
      : name === '.wolfpack-reservation.json'
        ? 0o644
        : 0o600;
    if (mode !== expected) found.push(`${mode.toString(8)} ${stat.uid} ${path}${stat.isDirectory() ? '/' : ''}`);
    if (stat.isDirectory()) found.push(...offTheRule(path, dataDir));
  }
  return found;
}

const modeOf = (path: string): string => (lstatSync(path).mode & 0o777).toString(8);

describe('file modes after `npm start` with umask 022', () => {
  let parent: string;
  let dataDir: string;
  let cluster: EmbeddedCluster;
  let savedUmask: number;

  beforeAll(async () => {
    await buildOnce();
    savedUmask = process.umask(0o022); // the launcher inherits it, as from a login shell
    parent = mkdtempSync(join(tmpdir(), 'wolfpack-modes-'));
    chmodSync(parent, 0o755); // as /var/lib would be: mkdtemp's 0700 would keep resource processes out
    dataDir = join(parent, 'data'); // created by the launcher, not by mkdtemp (which makes 0700 itself)
    cluster = await startEmbeddedCluster({ WOLFPACK_ADMIN_PASSWORD: adminPassword }, { dataDir, keepDataDir: true });
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    process.umask(savedUmask);
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('every file the cluster wrote is 0600 and every folder 0700, but the ones resource processes pass (0711), the disk (01770) and the reservation (0644)', async () => {
    const url = await waitUntil("the server's Console: line", async () =>
      cluster.output.map((line) => /Console: (https?:\/\/\S+?)\/?(\s|$)/.exec(line)?.[1]).find(Boolean),
    );
    const admin = await connect({ url, username: 'admin', password: adminPassword });
    // A registered type: the server writes its module file, and so does the node that runs it.
    const engineModule = `import { existsSync, writeFileSync } from 'node:fs';
export default { create(context) { const file = context.stateDir + '/online.txt'; return {
  async online() { writeFileSync(file, 'online'); }, async offline() {}, async terminate() {},
  async looksAlive() { return existsSync(file); }, async isAlive() { return existsSync(file); } }; } };`;
    await admin.resourceTypes.register({
      manifest: {
        name: 'Mode Probe',
        version: '1.0.0',
        description: 'Writes a file while online',
        propertySchema: { type: 'object', properties: {} },
        controlCodes: [],
        entryPoints: { engine: 'engine.mjs' },
      },
      engineModule,
    });
    await admin.groups.create({ name: 'MODE_GROUP' });
    await admin.resources.create({ name: 'Mode Probe', group: 'MODE_GROUP', resourceType: 'Mode Probe' });
    await admin.groups.online('MODE_GROUP');
    await admin.waitFor(
      (state) =>
        state.resources.get('Mode Probe')?.state === 'Online' && state.resources.get('Chat Server')?.state === 'Online',
      { timeoutMs: 60_000 },
    );

    expect(process.getuid?.()).toBe(0);
    expect(modeOf(dataDir)).toBe('711');
    for (const file of ['cluster.db', 'cluster.db-wal', 'cluster.db-shm'])
      expect(modeOf(join(dataDir, file))).toBe('600');
    const moduleFiles = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('engine.mjs'))
        : [];
    expect(moduleFiles(join(dataDir, 'server', 'types'))).toHaveLength(1);
    expect([
      ...moduleFiles(join(dataDir, 'nodes', 'OSDB_SERV', 'types')),
      ...moduleFiles(join(dataDir, 'nodes', 'OSDB_BACK', 'types')),
    ]).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'disks', 'SOCKET_GROUP')).length).toBeGreaterThan(0);
    expect(offTheRule(dataDir, dataDir)).toEqual([]);
    // A resource's own folder: its state folder; the disk is root's, in the group's gid.
    const chatState = join(dataDir, 'nodes', 'OSDB_SERV', 'resources', 'Chat Server');
    expect([lstatSync(chatState).uid, lstatSync(chatState).gid]).toEqual([chatUid, perGroupGid('SOCKET_GROUP')]);
    expect([lstatSync(disk(dataDir)).uid, lstatSync(disk(dataDir)).gid]).toEqual([0, perGroupGid('SOCKET_GROUP')]);
    expect(lstatSync(join(disk(dataDir), '.wolfpack-reservation.json')).uid).toBe(0);
    expect(lstatSync(join(disk(dataDir), 'chat')).uid).toBe(chatUid); // the chat server's history, written as its own uid
    expect(lstatSync(join(dataDir, 'cluster.db')).uid).toBe(0);
  });
});
