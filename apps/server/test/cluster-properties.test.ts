import type { WolfpackClient } from '@wolfpack/client';
import { keys, type ClusterConfig } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { malformed } from './harness/calls.ts';
import { refusal } from '@wolfpack/client/testing';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './harness/in-process.ts';

// Cluster Properties over REST: GET /cluster/properties, PATCH /cluster. The server built
// in-process on a real store holding the seed's cluster record (no agents needed).
const adminPassword = 'cluster properties password';
const seedRecord: ClusterConfig = {
  name: 'INS_CLUS',
  description: 'The seed cluster of the Wolfpack paper',
  nodeLeaseTtlMs: 1000,
  dnsAddress: '127.0.0.1',
  dnsPort: 5354,
  createdAt: 1_700_000_000_000,
};

describe('cluster properties', () => {
  let storeDir: StoreDir;
  let server: RunningServer;
  let admin: WolfpackClient;
  let viewer: WolfpackClient;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    await storeDir.store.put(keys.cluster, JSON.stringify(seedRecord));
    server = await startServer(storeDir);
    admin = await server.signIn('admin', adminPassword);
    expect(await admin.users.create({ username: 'watcher', password: 'password 123', role: 'viewer' })).toMatchObject({
      username: 'watcher',
    });
    viewer = await server.signIn('watcher', 'password 123');
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('GET /cluster/properties: the cluster record, for any signed-in role', async () => {
    expect(await viewer.cluster.properties()).toEqual(seedRecord);
    expect((await refusal(server.anonymous.cluster.properties())).status).toBe(401);
  });

  it('PATCH /cluster: 400 naming every bad field and its rule, and nothing changes', async () => {
    const refused = await refusal(
      admin.cluster.update(
        malformed({ nodeLeaseTtlMs: 20, dnsAddress: 'dns.example', dnsPort: 0, name: 'RENAMED', description: 7 }),
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.toBody()).toEqual({
      error: 'validation',
      message: expect.stringMatching(/^invalid body: /),
      fields: expect.any(Array),
    });
    const byPath = Object.fromEntries(refused.fields.map((field) => [field.path, field.message]));
    expect(byPath).toEqual({
      nodeLeaseTtlMs: 'nodeLeaseTtlMs must be >= 500',
      dnsAddress: 'dnsAddress is not valid: An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
      dnsPort: 'dnsPort must be >= 1',
      name: 'name is not an allowed property',
      description: 'description must be a string',
    });
    for (const field of refused.fields) expect(refused.message).toContain(field.message);
    expect(await admin.cluster.properties()).toEqual(seedRecord);
  });

  it('PATCH /cluster: the new record; the change is in the event log with who made it', async () => {
    const reply = await admin.cluster.update({
      description: 'Chat for the lab',
      nodeLeaseTtlMs: 2000,
      dnsAddress: '127.0.0.53',
      dnsPort: 5400,
    });
    const changed = {
      ...seedRecord,
      description: 'Chat for the lab',
      nodeLeaseTtlMs: 2000,
      dnsAddress: '127.0.0.53',
      dnsPort: 5400,
    };
    expect(reply).toEqual(changed);
    expect(await viewer.cluster.properties()).toEqual(changed);
    expect(JSON.parse((await storeDir.store.get(keys.cluster))!.value)).toEqual(changed);
    const events = await admin.events.list({ objectKind: 'cluster' });
    expect(events.at(-1)).toMatchObject({
      actor: 'admin',
      command: 'set-cluster-properties',
      result: 'ok',
      message: expect.stringContaining(
        'set properties of cluster INS_CLUS: description, nodeLeaseTtlMs, dnsAddress, dnsPort',
      ),
    });
  });

  it('PATCH /cluster is for admins: a viewer gets 403, audited, and nothing changes', async () => {
    const before = await admin.cluster.properties();
    const refused = await refusal(viewer.cluster.update({ description: 'mine now' }));
    expect(refused.status).toBe(403);
    expect(refused.toBody()).toEqual({
      error: 'forbidden',
      message: 'user watcher (role viewer) may not set-cluster-properties: it needs role admin',
    });
    expect(await admin.cluster.properties()).toEqual(before);
    const events = await admin.events.list({ objectKind: 'cluster' });
    expect(events.at(-1)).toMatchObject({ actor: 'watcher', result: 'refused' });
  });
});
