import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WolfpackClient } from '@wolfpack/client';
import { keys } from '@wolfpack/contracts';
import { resourceState, sha256Of } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '@wolfpack/testing/build';
import { apiPath, malformed } from './harness/calls.ts';
import { refusal } from '@wolfpack/client/testing';
import { startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';
import { markerManifest, markerPackage, markerPanelModule } from '@wolfpack/testing/marker-type';

// Registering a resource type package over REST (regcladm.exe's job), on `npm start`'s cluster.
describe('resource type registration', () => {
  let running: ServerCluster;
  let admin: WolfpackClient;
  const name = 'Marker File';
  /** The panel module's URL under /api/v1: a file with its own headers, so read with client.raw. */
  const panelPath = (version: string) => apiPath`/resource-types/${name}/${version}/panel.mjs`;

  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = running.admin;
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('registers a type: manifest and modules in the store, listed with its panel URL', async () => {
    const registered = await admin.resourceTypes.register(markerPackage(name));
    const sha256 = { engine: sha256Of(markerPackage(name).engineModule), panel: sha256Of(markerPanelModule) };
    // The panel's hash in its URL: the same version registered again with other bytes is another URL.
    const panelUrl = `/api/v1/resource-types/Marker%20File/1.0.0/panel.mjs?sha256=${sha256.panel}`;
    expect(registered.sha256).toEqual(sha256);
    expect(registered).toMatchObject({
      name,
      version: '1.0.0',
      builtIn: false,
      panelUrl,
      controlCodes: [expect.objectContaining({ code: 'read-marker' })],
    });
    expect((await admin.resourceTypes.list()).map((type) => type.name)).toContain(name);
    expect((await admin.cluster.get()).resourceTypes).toContainEqual(expect.objectContaining({ name, panelUrl }));
    expect(await running.cluster.store.get(keys.typeModule(name, '1.0.0', 'engine.mjs'))).toMatchObject({
      value: markerPackage(name).engineModule,
    });
    expect(JSON.parse((await running.cluster.store.get(keys.resourceType(name)))!.value)).toMatchObject({
      name,
      version: '1.0.0',
      sha256,
    });
    const events = await admin.events.list({ objectKind: 'resourceType', objectName: name });
    expect(events.at(-1)).toMatchObject({
      command: 'register-resource-type',
      result: 'ok',
      sha256,
      message: expect.stringContaining(`engine sha256 ${sha256.engine}`),
    });
  });

  it('serves the panel at its immutable URL as JavaScript, to signed-in users only', async () => {
    const panel = await admin.raw('GET', panelPath('1.0.0'));
    expect(panel.status).toBe(200);
    expect(panel.text).toBe(markerPanelModule);
    expect(panel.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(panel.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // The URL the views give (its hash in the query) serves the same module.
    const { panelUrl } = await admin.resourceTypes.get(name);
    expect((await admin.raw('GET', panelUrl!.replace(/^\/api\/v1/, ''))).text).toBe(markerPanelModule);
    expect((await running.anonymous.raw('GET', panelPath('1.0.0'))).status).toBe(401);
    expect((await admin.raw('GET', panelPath('9.9.9'))).status).toBe(404);
  });

  it('runs resources of the type on the cluster, validated by its schema', async () => {
    await admin.groups.create({ name: 'MARKER_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } });
    const tooLong = await refusal(
      admin.resources.create({
        name: 'Marker',
        group: 'MARKER_GROUP',
        resourceType: name,
        private: { Text: 'x'.repeat(21) },
      }),
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.fields).toEqual([{ path: 'private.Text', message: expect.stringContaining('Text') }]);
    await admin.resources
      .create({ name: 'Marker', group: 'MARKER_GROUP', resourceType: name, private: { Text: 'over REST' } })
      .catch((error: Error) => {
        throw new Error(
          `${error.message}\n${running.cluster.output.filter((line) => line.includes('"level"')).join('\n')}`,
        );
      });
    expect(await admin.groups.online('MARKER_GROUP')).toMatchObject({ revision: expect.any(Number) });
    await running.cluster.waitFor('Marker Online', (state) => resourceState(state, 'Marker') === 'Online');
    const control = await admin.resources.control('Marker', { code: 'read-marker' });
    expect(control).toMatchObject({ node: 'OSDB_BACK', result: 'OSDB_BACK:over REST' });
  });

  it('refuses to remove a type in use, naming the resource; removes it once unused', async () => {
    for (const moduleDir of [
      join(running.cluster.dataDir, 'nodes', 'OSDB_BACK', 'types'),
      join(running.cluster.dataDir, 'server', 'types'),
    ]) {
      expect(existsSync(join(moduleDir, encodeURIComponent(name)))).toBe(true);
    }
    const inUse = await refusal(admin.resourceTypes.unregister(name));
    expect(inUse.status).toBe(409);
    expect(inUse.toBody()).toEqual({
      error: 'conflict',
      message: 'resource type Marker File is in use by resource Marker: delete it first',
    });
    expect(await admin.resourceTypes.get(name)).toMatchObject({ name });

    await admin.groups.offline('MARKER_GROUP');
    await running.cluster.waitFor('Marker Offline', (state) => resourceState(state, 'Marker') === 'Offline');
    await admin.resources.delete('Marker');
    const removed = await admin.resourceTypes.unregister(name);
    expect(removed.message).toBe('removed resource type Marker File');
    expect((await refusal(admin.resourceTypes.get(name))).status).toBe(404);
    expect((await admin.raw('GET', panelPath('1.0.0'))).status).toBe(404);
    expect(await running.cluster.store.get(keys.typeModule(name, '1.0.0', 'engine.mjs'))).toBeUndefined();
    expect((await refusal(admin.resourceTypes.unregister(name))).status).toBe(404);
    // The module files the node ran and the server validated with are gone as well.
    for (const moduleDir of [
      join(running.cluster.dataDir, 'nodes', 'OSDB_BACK', 'types'),
      join(running.cluster.dataDir, 'server', 'types'),
    ]) {
      await expect.poll(() => existsSync(join(moduleDir, encodeURIComponent(name))), { timeout: 10_000 }).toBe(false);
    }
  });

  it('keeps versions immutable, built-in names taken, manifests checked', async () => {
    expect(await admin.resourceTypes.register(markerPackage('Versioned'))).toMatchObject({
      name: 'Versioned',
      version: '1.0.0',
    });
    const again = await admin.raw('POST', '/resource-types', { body: markerPackage('Versioned') });
    expect(again.status).toBe(201); // the same again: fine, and answered as the first time
    const changed = await refusal(
      admin.resourceTypes.register({ ...markerPackage('Versioned'), engineModule: 'export default {};' }),
    );
    expect(changed.status).toBe(409);
    expect(changed.fields).toEqual([{ path: 'manifest.version', message: expect.stringContaining('new version') }]);
    const withoutReplace = await refusal(admin.resourceTypes.register(markerPackage('Versioned', '1.1.0', false)));
    expect(withoutReplace.status).toBe(409);
    expect(withoutReplace.message).toBe(
      'resource type Versioned 1.0.0 is registered: registering 1.1.0 over it needs --replace (replace: true)',
    );
    expect((await admin.resourceTypes.get('Versioned')).version).toBe('1.0.0');
    const next = await admin.resourceTypes.register({ ...markerPackage('Versioned', '1.1.0', false), replace: true });
    expect(next.version).toBe('1.1.0');
    expect(next.panelUrl).toBeUndefined();
    // The old version's modules leave with it.
    expect(await running.cluster.store.get(keys.typeModule('Versioned', '1.0.0', 'engine.mjs'))).toBeUndefined();
    expect((await admin.raw('GET', apiPath`/resource-types/${'Versioned'}/${'1.0.0'}/panel.mjs`)).status).toBe(404);

    const builtIn = await refusal(admin.resourceTypes.register(markerPackage('Chat Server')));
    expect(builtIn.status).toBe(409);
    expect(builtIn.message).toBe('Chat Server is a built-in resource type: pick another name');

    const bad = await refusal(
      admin.resourceTypes.register({
        manifest: { ...markerManifest('Bad Type'), version: 'one', propertySchema: { type: 'array' } },
        engineModule: 'export default {}',
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fields.map((field) => field.path)).toEqual(
      expect.arrayContaining(['manifest.version', 'manifest.propertySchema.type']),
    );
    expect((await refusal(admin.resourceTypes.get('Bad Type'))).status).toBe(404);

    const noModule = await refusal(admin.resourceTypes.register(malformed({ manifest: markerManifest('No Module') })));
    expect(noModule.status).toBe(400);
    expect(noModule.fields).toEqual([{ path: 'engineModule', message: 'engineModule is required' }]);
  });

  it('refuses an engine module that throws on import or exports no create(), keeping the registered version', async () => {
    const throwing = await refusal(
      admin.resourceTypes.register({
        ...markerPackage('Versioned', '1.2.0'),
        engineModule: 'throw new Error("no licence key");\nexport default {};',
        replace: true,
      }),
    );
    expect(throwing.status).toBe(400);
    expect(throwing.fields).toEqual([
      { path: 'engineModule', message: 'the engine module cannot be imported: no licence key' },
    ]);
    const empty = await refusal(
      admin.resourceTypes.register({
        ...markerPackage('Versioned', '1.2.0'),
        engineModule: 'export const online = 1;',
        replace: true,
      }),
    );
    expect(empty.fields).toEqual([
      { path: 'engineModule', message: expect.stringContaining('exports no create() function') },
    ]);
    expect(await admin.resourceTypes.get('Versioned')).toMatchObject({
      version: '1.1.0',
      sha256: { engine: sha256Of(markerPackage('Versioned').engineModule) },
    });
    expect(await running.cluster.store.get(keys.typeModule('Versioned', '1.2.0', 'engine.mjs'))).toBeUndefined();
  });

  it('lets only admins register', async () => {
    await admin.users.create({ username: 'otto', password: 'operator password', role: 'operator' });
    const otto = await running.signIn('otto', 'operator password');
    const refused = await refusal(otto.resourceTypes.register(markerPackage('Otto Type')));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe('user otto (role operator) may not register-resource-type: it needs role admin');
  });
});
