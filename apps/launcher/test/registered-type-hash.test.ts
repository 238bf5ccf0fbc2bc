import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type WolfpackClient } from '@wolfpack/client';
import { engineFileOf, sha256Of } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeedCluster, type RunningCluster } from '@wolfpack/testing/seed-cluster';
import { buildOnce } from '@wolfpack/testing/build';
import { waitUntil } from '@wolfpack/testing/conditions';

/*
 * Registering the same name and version again after an unregister, with other bytes,
 * never runs the first module on any node: nodes write a module file under its content
 * hash and check it before importing, and an unregister removes every node's files.
 * A real cluster (`npm start`'s launcher: server, two wolfpackd nodes, resource hosts),
 * registered through the REST API as `wolfpack type register` does.
 */

const adminPassword = 'hash-test-admin-password';
const typeName = 'Module Label';
const nodes = ['OSDB_SERV', 'OSDB_BACK'];

/** An engine module that writes `<label>:<node>` while online and answers its label to a control code. */
const engineModule = (label: string) => `
import { existsSync, rmSync, writeFileSync } from 'node:fs';
export default {
  create(context) {
    const file = context.stateDir + '/module.txt';
    return {
      async online() { writeFileSync(file, ${JSON.stringify(label)} + ':' + context.node); },
      async offline() { rmSync(file, { force: true }); },
      async terminate() { rmSync(file, { force: true }); },
      async looksAlive() { return existsSync(file); },
      async isAlive() { return existsSync(file); },
      async control() { return ${JSON.stringify(label)}; },
    };
  },
};
`;

const registration = (label: string) => ({
  manifest: {
    name: typeName,
    version: '1.0.0',
    description: 'Writes which module runs it (hash test type)',
    propertySchema: { type: 'object', properties: {} },
    controlCodes: [{ code: 'label', description: "The running module's label", readOnly: true }],
    entryPoints: { engine: 'engine.mjs' },
  },
  engineModule: engineModule(label),
});

let cluster: RunningCluster;
let admin: WolfpackClient;

const moduleDirOf = (node: string) => join(cluster.dataDir, 'nodes', node, 'types');
const typeFilesOn = (node: string) =>
  existsSync(join(moduleDirOf(node), encodeURIComponent(typeName)))
    ? readdirSync(join(moduleDirOf(node), encodeURIComponent(typeName)))
    : [];
const markerOn = (node: string) => join(cluster.dataDir, 'nodes', node, 'resources', 'Labelled', 'module.txt');

/** Brings LABEL_GROUP online on `node` (moving it there when it is elsewhere); resolves with what its resource's module wrote. */
async function runOn(node: string): Promise<string> {
  await admin.groups.move('LABEL_GROUP', { node });
  await admin.groups.online('LABEL_GROUP');
  await admin.waitFor(
    (state) =>
      state.groups.get('LABEL_GROUP')?.ownerNode === node && state.resources.get('Labelled')?.state === 'Online',
    { timeoutMs: 60_000 },
  );
  return readFileSync(markerOn(node), 'utf8');
}

beforeAll(async () => {
  await buildOnce();
  cluster = await startSeedCluster({ adminPassword });
  admin = await connect({ url: cluster.consoleUrl.replace(/\/+$/, ''), username: 'admin', password: adminPassword });
  // The console answers before both nodes have joined: a move to a node still Down is refused.
  await admin.waitFor((state) => nodes.every((node) => state.nodes.get(node)?.state === 'Up'), { timeoutMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

describe('a type unregistered and registered again as the same version with other bytes', () => {
  it('runs the second module on every node, never the first', async () => {
    const first = await admin.resourceTypes.register(registration('first'));
    expect(first.sha256).toEqual({ engine: sha256Of(engineModule('first')) });
    await admin.groups.create({ name: 'LABEL_GROUP' });
    await admin.resources.create({ name: 'Labelled', group: 'LABEL_GROUP', resourceType: typeName });
    // Both nodes run the first module, so both have its file.
    for (const node of nodes) expect(await runOn(node)).toBe(`first:${node}`);
    for (const node of nodes) expect(typeFilesOn(node)).toEqual([`1.0.0-${first.sha256!.engine}`]);

    await admin.groups.offline('LABEL_GROUP');
    await admin.waitFor((state) => state.resources.get('Labelled')?.state === 'Offline', { timeoutMs: 60_000 });
    await admin.resources.delete('Labelled');
    await admin.resourceTypes.unregister(typeName);
    for (const node of nodes)
      await waitUntil(
        `${node} removes the type's module files`,
        () => !existsSync(join(moduleDirOf(node), encodeURIComponent(typeName))),
        30_000,
        50,
      );

    const second = await admin.resourceTypes.register(registration('second'));
    expect(second.sha256!.engine).not.toBe(first.sha256!.engine);
    // A file at the new hash's path holding the first module's bytes (a stale copy, a
    // tampered disk) is caught by the hash check before import, and written again.
    const planted = engineFileOf(moduleDirOf('OSDB_BACK'), typeName, '1.0.0', second.sha256!.engine);
    mkdirSync(join(planted, '..'), { recursive: true });
    writeFileSync(planted, engineModule('first'));

    await admin.resources.create({ name: 'Labelled', group: 'LABEL_GROUP', resourceType: typeName });
    for (const node of [...nodes, ...nodes]) {
      expect(await runOn(node)).toBe(`second:${node}`);
      expect((await admin.resources.control('Labelled', { code: 'label' })).result).toBe('second');
    }
    expect(readFileSync(planted, 'utf8')).toBe(engineModule('second'));
    for (const node of nodes) expect(typeFilesOn(node)).toEqual([`1.0.0-${second.sha256!.engine}`]);
  });
});
