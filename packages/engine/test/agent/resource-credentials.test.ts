/*
 * The node's side of a resource's own cluster API: which address a resource is given,
 * when it gets nothing, and that each credential is one store record that goes with
 * revoke or with the node's lease.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys, type ApiServerRecord, type ResourceCredentialRecord } from '@wolfpack/contracts';
import { ResourceCredentials } from '../../src/agent/resource-credentials.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import type { ClusterStore } from '@wolfpack/store';

let dir: string;
let store: ClusterStore;
let lease: number;
const logged: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wolfpack-credentials-'));
  store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
  lease = (await store.grantLease(60_000)).id;
  logged.length = 0;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const credentials = (leaseOf = () => lease) =>
  new ResourceCredentials({ store, node: 'OSDB_BACK', lease: leaseOf, log: (line) => logged.push(line) });
const advertise = (id: string, record: ApiServerRecord) => store.put(keys.apiServer(id), JSON.stringify(record));
const stored = async () => (await store.range(keys.resourceCredentials)).kvs;

describe("issuing a resource's token", () => {
  it('gives nothing, and says so once, while no server has advertised its address', async () => {
    const node = credentials();
    expect(await node.issue('App', 1)).toBeUndefined();
    expect(await node.issue('Other', 1)).toBeUndefined();
    expect(logged).toEqual([
      'no API server has advertised its address: App starts without WOLFPACK_URL and WOLFPACK_TOKEN',
    ]);
    expect(await stored()).toEqual([]);
  });

  it('gives nothing without a lease (fenced): a credential must die with its node', async () => {
    await advertise('a', { url: 'http://127.0.0.1:8080', startedAt: 1 });
    expect(await credentials(() => 0).issue('App', 1)).toBeUndefined();
    expect(await stored()).toEqual([]);
  });

  it("gives the newest server's address and a token whose hash alone is stored, under the node's lease", async () => {
    await advertise('old', { url: 'http://127.0.0.1:1111', startedAt: 1 });
    await advertise('new', { url: 'http://127.0.0.1:2222', startedAt: 2 });
    const access = await credentials().issue('App', 42, 1000);
    expect(access?.url).toBe('http://127.0.0.1:2222');
    const secret = access!.token.replace(/^wpr_/, '');
    const [kv] = await stored();
    expect(kv!.key).toBe(keys.resourceCredential(createHash('sha256').update(secret).digest('hex')));
    expect(kv!.lease).toBe(lease);
    expect(JSON.parse(kv!.value) as ResourceCredentialRecord).toEqual({
      resource: 'App',
      node: 'OSDB_BACK',
      epoch: 42,
      createdAt: 1000,
    });
  });
});

describe('revoking it', () => {
  it('an online again replaces the old credential; revoke, and revokeAll at fencing, delete them', async () => {
    await advertise('a', { url: 'http://127.0.0.1:8080', startedAt: 1 });
    const node = credentials();
    const first = await node.issue('App', 1);
    const second = await node.issue('App', 2);
    expect(second!.token).not.toBe(first!.token);
    expect((await stored()).map((kv) => (JSON.parse(kv.value) as ResourceCredentialRecord).epoch)).toEqual([2]);
    await node.revoke('App');
    expect(await stored()).toEqual([]);
    await node.issue('App', 3);
    await node.issue('Other', 3);
    node.revokeAll();
    await expect.poll(stored).toEqual([]);
  });

  it("the node's lease takes them with it", async () => {
    await advertise('a', { url: 'http://127.0.0.1:8080', startedAt: 1 });
    await credentials().issue('App', 1);
    await store.revokeLease(lease);
    expect(await stored()).toEqual([]);
  });
});
