import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeCommand } from '../../src/commands/index.ts';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { catalog, openTestCluster, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
});
afterEach(async () => {
  await cluster.close();
});

describe('set-cluster-properties', () => {
  test('changes what it names, keeps the name and creation time, and logs the change', async () => {
    const result = await cluster.run({
      type: 'set-cluster-properties',
      description: 'Chat for the lab',
      nodeLeaseTtlMs: 3000,
      dnsAddress: '127.0.0.53',
      dnsPort: 5400,
    });
    expect((await cluster.state()).config).toEqual({
      name: 'INS_CLUS',
      description: 'Chat for the lab',
      nodeLeaseTtlMs: 3000,
      dnsAddress: '127.0.0.53',
      dnsPort: 5400,
      createdAt: 0,
    });
    expect(result.message).toBe(
      'set properties of cluster INS_CLUS: description, nodeLeaseTtlMs, dnsAddress, dnsPort (the lease TTL applies to each node when its wolfpackd next starts)',
    );
    const [event] = (await cluster.events()).slice(-1);
    expect(event).toMatchObject({
      kind: 'command',
      command: 'set-cluster-properties',
      result: 'ok',
      actor: 'admin',
      object: { kind: 'cluster', name: 'INS_CLUS' },
    });
  });

  test('a field left out stays as it was', async () => {
    await cluster.run({ type: 'set-cluster-properties', dnsPort: 5999 });
    expect((await cluster.state()).config).toMatchObject({
      description: '',
      nodeLeaseTtlMs: 1000,
      dnsAddress: '127.0.0.1',
      dnsPort: 5999,
    });
  });

  test('names every bad field and its rule, and changes nothing', async () => {
    const before = await cluster.fingerprint();
    const error = await cluster.refuse({
      type: 'set-cluster-properties',
      nodeLeaseTtlMs: 100,
      dnsAddress: '300.1.2.3',
      dnsPort: 70_000,
      name: 'OTHER',
    });
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { path: 'nodeLeaseTtlMs', message: 'nodeLeaseTtlMs must be >= 500' },
        {
          path: 'dnsAddress',
          message: 'dnsAddress is not valid: An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
        },
        { path: 'dnsPort', message: 'dnsPort must be <= 65535' },
        { path: 'name', message: 'name is not an allowed property' },
      ]),
    );
    expect(error.fields).toHaveLength(4);
    expect(error.message).toContain('nodeLeaseTtlMs must be >= 500; dnsAddress is not valid');
    expect(await cluster.fingerprint()).toBe(before);
    const [event] = (await cluster.events()).slice(-1);
    expect(event).toMatchObject({
      command: 'set-cluster-properties',
      result: 'refused',
      object: { kind: 'cluster', name: 'INS_CLUS' },
    });
  });

  test('an IPv6 address or a host name is not taken for the DNS address', async () => {
    for (const dnsAddress of ['::1', 'localhost', '127.0.0', '127.0.0.1.5', '01.2.3.4 ']) {
      const error = await cluster.refuse({ type: 'set-cluster-properties', dnsAddress });
      expect(error.fields, dnsAddress).toEqual([
        { path: 'dnsAddress', message: expect.stringContaining('IPv4 address') },
      ]);
    }
  });

  test('setting what is already set changes no record', async () => {
    const before = await cluster.fingerprint();
    const result = await cluster.run({ type: 'set-cluster-properties', dnsPort: 5354 });
    expect(result.noop).toBe(true);
    expect(await cluster.fingerprint()).toBe(before);
  });

  test('is refused on a store that holds no cluster yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wolfpack-no-cluster-'));
    const store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
    try {
      const error = await executeCommand(store, catalog, 'admin', {
        type: 'set-cluster-properties',
        description: 'x',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect((error as CommandError).code).toBe('not-found');
      expect((error as CommandError).message).toMatch(/the cluster has no record yet/);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
