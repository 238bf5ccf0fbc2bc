import type { WolfpackClient } from '@wolfpack/client';
import { refusal } from '@wolfpack/client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerPackage } from '@wolfpack/testing/marker-type';
import { apiPath } from './harness/calls.ts';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// Bounds on what one request may ask for, each refused with the field and the rule, and
// nothing changed: a manifest version is a version (it names keys and files), owner and
// dependency lists hold at most 64 names, a control code's input at most 64 KiB.

describe('list and input bounds', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: WolfpackClient;

  beforeAll(async () => {
    storeDir = await openStoreDir('bounds admin password');
    server = await startServer(storeDir);
    admin = await server.signIn('admin', 'bounds admin password');
    await admin.groups.create({ name: 'BOUND_GROUP' });
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('refuses a manifest version that is not exactly a version (400), registering nothing', async () => {
    for (const version of ['1.0.0/../../x', '1.0.0-rc.1/x', '1.0.0 ']) {
      const refused = await refusal(admin.resourceTypes.register(markerPackage('Slash Type', version)));
      expect(refused.status, version).toBe(400);
      expect(refused.fields, version).toEqual([
        { path: 'manifest.version', message: expect.stringContaining('manifest.version') },
      ]);
    }
    expect((await refusal(admin.resourceTypes.get('Slash Type'))).status).toBe(404);
    expect(await admin.resourceTypes.register(markerPackage('Slash Type', '1.0.0-rc.1'))).toMatchObject({
      version: '1.0.0-rc.1',
    });
  });

  it('refuses 65 dependencies or owners, naming the field', async () => {
    const names = Array.from({ length: 65 }, (_, index) => `R${index}`);
    const dependencies = await refusal(
      admin.resources.create({
        name: 'Many',
        group: 'BOUND_GROUP',
        resourceType: 'Generic Application',
        dependencies: names,
        private: { CommandLine: 'true' },
      }),
    );
    expect(dependencies.status).toBe(400);
    expect(dependencies.fields).toEqual([{ path: 'dependencies', message: 'dependencies must have at most 64 items' }]);
    const owners = await refusal(
      admin.resources.create({
        name: 'Many',
        group: 'BOUND_GROUP',
        resourceType: 'Generic Application',
        possibleOwners: names,
        private: { CommandLine: 'true' },
      }),
    );
    expect(owners.fields).toEqual([{ path: 'possibleOwners', message: 'possibleOwners must have at most 64 items' }]);
    const preferred = await refusal(admin.groups.create({ name: 'MANY_OWNERS', policy: { preferredOwners: names } }));
    expect(preferred.status).toBe(400);
    expect(preferred.fields).toEqual([
      { path: 'policy.preferredOwners', message: 'policy.preferredOwners must have at most 64 items' },
    ]);
    expect((await refusal(admin.resources.get('Many'))).status).toBe(404);
    expect((await refusal(admin.groups.get('MANY_OWNERS'))).status).toBe(404);
  });

  it('refuses a control input over 64 KiB, naming the field', async () => {
    await admin.resources.create({
      name: 'Controlled',
      group: 'BOUND_GROUP',
      resourceType: 'Generic Application',
      private: { CommandLine: 'true' },
    });
    const input = 'x'.repeat(65 * 1024);
    const refused = await admin.raw('POST', apiPath`/resources/${'Controlled'}/control`, {
      body: { code: 'anything', input },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      error: 'validation',
      fields: [{ path: 'input', message: 'input must be at most 64 KiB as JSON (it is 66 KiB)' }],
    });
  });
});
