import { keys, type ClusterConfig } from '@wolfpack/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type ApiClient } from './harness/api-client.ts';
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
  let admin: ApiClient;
  let viewer: ApiClient;

  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    await storeDir.store.put(keys.cluster, JSON.stringify(seedRecord));
    server = await startServer(storeDir);
    admin = await server.client.login('admin', adminPassword);
    expect((await admin.post(api`/users`, { username: 'watcher', password: 'password 123', role: 'viewer' })).status).toBe(201);
    viewer = await server.client.login('watcher', 'password 123');
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });

  it('GET /cluster/properties: the cluster record, for any signed-in role', async () => {
    const reply = await viewer.get(api`/cluster/properties`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(seedRecord);
    expect((await server.client.get(api`/cluster/properties`)).status).toBe(401);
  });

  it('PATCH /cluster: 400 naming every bad field and its rule, and nothing changes', async () => {
    const reply = await admin.patch(api`/cluster`, { nodeLeaseTtlMs: 20, dnsAddress: 'dns.example', dnsPort: 0, name: 'RENAMED', description: 7 });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'validation', message: expect.stringMatching(/^invalid body: /), fields: expect.any(Array) });
    const byPath = Object.fromEntries((reply.body.fields as { path: string; message: string }[]).map((field) => [field.path, field.message]));
    expect(byPath).toEqual({
      nodeLeaseTtlMs: 'nodeLeaseTtlMs must be >= 500',
      dnsAddress: 'dnsAddress must be an IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
      dnsPort: 'dnsPort must be >= 1',
      name: 'name is not a known field',
      description: 'description must be a string',
    });
    for (const field of reply.body.fields) expect(reply.body.message).toContain(field.message);
    expect((await admin.get(api`/cluster/properties`)).body).toEqual(seedRecord);
  });

  it('PATCH /cluster: 200 with the new record; the change is in the event log with who made it', async () => {
    const reply = await admin.patch(api`/cluster`, { description: 'Chat for the lab', nodeLeaseTtlMs: 2000, dnsAddress: '127.0.0.53', dnsPort: 5400 });
    expect(reply.status).toBe(200);
    const changed = { ...seedRecord, description: 'Chat for the lab', nodeLeaseTtlMs: 2000, dnsAddress: '127.0.0.53', dnsPort: 5400 };
    expect(reply.body).toEqual(changed);
    expect((await viewer.get(api`/cluster/properties`)).body).toEqual(changed);
    expect(JSON.parse((await storeDir.store.get(keys.cluster))!.value)).toEqual(changed);
    const events = (await admin.get(api`/events?objectKind=cluster`)).body as { actor?: string; command?: string; result?: string; message: string }[];
    expect(events.at(-1)).toMatchObject({
      actor: 'admin',
      command: 'set-cluster-properties',
      result: 'ok',
      message: expect.stringContaining('set properties of cluster INS_CLUS: description, nodeLeaseTtlMs, dnsAddress, dnsPort'),
    });
  });

  it('PATCH /cluster is for admins: a viewer gets 403, audited, and nothing changes', async () => {
    const before = (await admin.get(api`/cluster/properties`)).body;
    const reply = await viewer.patch(api`/cluster`, { description: 'mine now' });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: 'forbidden', message: 'user watcher (role viewer) may not set-cluster-properties: it needs role admin' });
    expect((await admin.get(api`/cluster/properties`)).body).toEqual(before);
    const events = (await admin.get(api`/events?objectKind=cluster`)).body as { actor?: string; result?: string }[];
    expect(events.at(-1)).toMatchObject({ actor: 'watcher', result: 'refused' });
  });
});
