import { keys } from '@wolfpack/contracts';
import { resourceState } from '@wolfpack/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../../launcher/test/harness/build.ts';
import { api, type ApiClient } from './harness/api-client.ts';
import { startServerCluster, type ServerCluster } from './harness/server-cluster.ts';
import { markerManifest, markerPackage, markerPanelModule } from './fixtures/marker-type.ts';

// Registering a resource type package over REST (regcladm.exe's job), on `npm start`'s cluster.
describe('resource type registration', () => {
  let running: ServerCluster;
  let admin: ApiClient;
  const name = 'Marker File';

  beforeAll(async () => {
    await buildOnce();
    running = await startServerCluster();
    admin = running.admin;
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('registers a type: manifest and modules in the store, listed with its panel URL', async () => {
    const reply = await admin.post(api`/resource-types`, markerPackage(name));
    expect(reply.status).toBe(201);
    const panelUrl = `/api/v1/resource-types/Marker%20File/1.0.0/panel.mjs`;
    expect(reply.body).toMatchObject({ name, version: '1.0.0', builtIn: false, panelUrl, controlCodes: [expect.objectContaining({ code: 'read-marker' })] });
    expect((await admin.get(api`/resource-types`)).body.map((type: { name: string }) => type.name)).toContain(name);
    expect((await admin.get(api`/cluster`)).body.resourceTypes).toContainEqual(expect.objectContaining({ name, panelUrl }));
    expect(await running.cluster.store.get(keys.typeModule(name, '1.0.0', 'engine.mjs'))).toMatchObject({ value: markerPackage(name).engineModule });
    expect(JSON.parse((await running.cluster.store.get(keys.resourceType(name)))!.value)).toMatchObject({ name, version: '1.0.0' });
  });

  it('serves the panel at its immutable URL as JavaScript, to signed-in users only', async () => {
    const panel = await admin.get('/api/v1/resource-types/Marker%20File/1.0.0/panel.mjs');
    expect(panel.status).toBe(200);
    expect(panel.text).toBe(markerPanelModule);
    expect(panel.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(panel.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await running.anonymous.get('/api/v1/resource-types/Marker%20File/1.0.0/panel.mjs')).status).toBe(401);
    expect((await admin.get('/api/v1/resource-types/Marker%20File/9.9.9/panel.mjs')).status).toBe(404);
  });

  it('runs resources of the type on the cluster, validated by its schema', async () => {
    await admin.post(api`/groups`, { name: 'MARKER_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } });
    const tooLong = await admin.post(api`/resources`, { name: 'Marker', group: 'MARKER_GROUP', resourceType: name, private: { Text: 'x'.repeat(21) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields).toEqual([{ path: 'private.Text', message: expect.stringContaining('Text') }]);
    const created = await admin.post(api`/resources`, { name: 'Marker', group: 'MARKER_GROUP', resourceType: name, private: { Text: 'over REST' } });
    expect(created.status, `${created.text}\n${running.cluster.output.filter((line) => line.includes('"level"')).join('\n')}`).toBe(201);
    expect((await admin.post(api`/groups/${'MARKER_GROUP'}/online`)).status).toBe(202);
    await running.cluster.waitFor('Marker Online', (state) => resourceState(state, 'Marker') === 'Online');
    const control = await admin.post(api`/resources/${'Marker'}/control`, { code: 'read-marker' });
    expect(control.body).toMatchObject({ node: 'OSDB_BACK', result: 'OSDB_BACK:over REST' });
  });

  it('refuses to remove a type in use, naming the resource; removes it once unused', async () => {
    const inUse = await admin.delete(api`/resource-types/${name}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toEqual({ error: 'conflict', message: 'resource type Marker File is in use by resource Marker: delete it first' });
    expect((await admin.get(api`/resource-types/${name}`)).status).toBe(200);

    await admin.post(api`/groups/${'MARKER_GROUP'}/offline`);
    await running.cluster.waitFor('Marker Offline', (state) => resourceState(state, 'Marker') === 'Offline');
    expect((await admin.delete(api`/resources/${'Marker'}`)).status).toBe(200);
    const removed = await admin.delete(api`/resource-types/${name}`);
    expect(removed.status).toBe(200);
    expect(removed.body.message).toBe('removed resource type Marker File');
    expect((await admin.get(api`/resource-types/${name}`)).status).toBe(404);
    expect((await admin.get('/api/v1/resource-types/Marker%20File/1.0.0/panel.mjs')).status).toBe(404);
    expect(await running.cluster.store.get(keys.typeModule(name, '1.0.0', 'engine.mjs'))).toBeUndefined();
    expect((await admin.delete(api`/resource-types/${name}`)).status).toBe(404);
  });

  it('keeps versions immutable, built-in names taken, manifests checked', async () => {
    expect((await admin.post(api`/resource-types`, markerPackage('Versioned'))).status).toBe(201);
    expect((await admin.post(api`/resource-types`, markerPackage('Versioned'))).status).toBe(201); // the same again: fine
    const changed = await admin.post(api`/resource-types`, { ...markerPackage('Versioned'), engineModule: 'export default {};' });
    expect(changed.status).toBe(409);
    expect(changed.body.fields).toEqual([{ path: 'manifest.version', message: expect.stringContaining('new version') }]);
    const next = await admin.post(api`/resource-types`, { ...markerPackage('Versioned', '1.1.0', false) });
    expect(next.status).toBe(201);
    expect(next.body.version).toBe('1.1.0');
    expect(next.body.panelUrl).toBeUndefined();

    const builtIn = await admin.post(api`/resource-types`, markerPackage('Chat Server'));
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.message).toBe('Chat Server is a built-in resource type: pick another name');

    const bad = await admin.post(api`/resource-types`, { manifest: { ...markerManifest('Bad Type'), version: 'one', propertySchema: { type: 'array' } }, engineModule: 'export default {}' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((field: { path: string }) => field.path)).toEqual(expect.arrayContaining(['manifest.version', 'manifest.propertySchema.type']));
    expect((await admin.get(api`/resource-types/${'Bad Type'}`)).status).toBe(404);

    const noModule = await admin.post(api`/resource-types`, { manifest: markerManifest('No Module') });
    expect(noModule.status).toBe(400);
    expect(noModule.body.fields).toEqual([{ path: 'engineModule', message: 'engineModule is required' }]);
  });

  it('lets only admins register', async () => {
    await admin.post(api`/users`, { username: 'otto', password: 'operator password', role: 'operator' });
    const otto = await running.anonymous.login('otto', 'operator password');
    const refused = await otto.post(api`/resource-types`, markerPackage('Otto Type'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('user otto (role operator) may not register-resource-type: it needs role admin');
  });
});
