import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@wolfpack/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from './harness/build.ts';
import { startEmbeddedCluster, type EmbeddedCluster } from './harness/embedded-cluster.ts';
import { waitUntil } from './harness/conditions.ts';
import { waitForNodesUp } from './harness/applications.ts';

// The cluster's files hold password hashes, sessions, the audit log and private
// properties: `npm start` under the usual umask 022 leaves its data dir 0700 and every
// file in it 0600, the store's database and its -wal and -shm, registered modules, the
// seed group's disk and history, and what its resources wrote.

const adminPassword = 'file-modes-admin-password';

/** Every path under `dir` whose mode is not 0700 (folders) or 0600 (files), as `mode path`. */
function notPrivate(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) found.push(`${mode.toString(8)} ${path}/`);
      found.push(...notPrivate(path));
    } else if (mode !== 0o600) found.push(`${mode.toString(8)} ${path}`);
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
    dataDir = join(parent, 'data'); // created by the launcher, not by mkdtemp (which makes 0700 itself)
    cluster = await startEmbeddedCluster({ WOLFPACK_ADMIN_PASSWORD: adminPassword }, { dataDir, keepDataDir: true });
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    process.umask(savedUmask);
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('the data dir is 0700 and every file the cluster wrote 0600, registered modules and resource files included', async () => {
    const url = await waitUntil('the server\'s Console: line', async () => cluster.output.map((line) => /Console: (https?:\/\/\S+?)\/?(\s|$)/.exec(line)?.[1]).find(Boolean));
    const admin = await connect({ url, username: 'admin', password: adminPassword });
    // A registered type: the server writes its module file, and so does the node that runs it.
    const engineModule = `import { existsSync, writeFileSync } from 'node:fs';
export default { create(context) { const file = context.stateDir + '/online.txt'; return {
  async online() { writeFileSync(file, 'online'); }, async offline() {}, async terminate() {},
  async looksAlive() { return existsSync(file); }, async isAlive() { return existsSync(file); } }; } };`;
    await admin.resourceTypes.register({
      manifest: { name: 'Mode Probe', version: '1.0.0', description: 'Writes a file while online', propertySchema: { type: 'object', properties: {} }, controlCodes: [], entryPoints: { engine: 'engine.mjs' } },
      engineModule,
    });
    await admin.groups.create({ name: 'MODE_GROUP' });
    await admin.resources.create({ name: 'Mode Probe', group: 'MODE_GROUP', resourceType: 'Mode Probe' });
    await admin.groups.online('MODE_GROUP');
    await admin.waitFor((state) => state.resources.get('Mode Probe')?.state === 'Online' && state.resources.get('Chat Server')?.state === 'Online', { timeoutMs: 60_000 });

    expect(modeOf(dataDir)).toBe('700');
    for (const file of ['cluster.db', 'cluster.db-wal', 'cluster.db-shm']) expect(modeOf(join(dataDir, file))).toBe('600');
    const moduleFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('engine.mjs')) : []);
    expect(moduleFiles(join(dataDir, 'server', 'types'))).toHaveLength(1);
    expect([...moduleFiles(join(dataDir, 'nodes', 'OSDB_SERV', 'types')), ...moduleFiles(join(dataDir, 'nodes', 'OSDB_BACK', 'types'))]).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'disks', 'SOCKET_GROUP')).length).toBeGreaterThan(0);
    expect(notPrivate(dataDir)).toEqual([]);
  });
});
