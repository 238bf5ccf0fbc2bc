import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { keys, type ClusterConfig, type ResourceStatus } from '@wolfpack/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '@wolfpack/testing/conditions';
import { executeCommand } from '../../src/commands/index.ts';
import { FailoverManager } from '../../src/manager/failover-manager.ts';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { createCatalog } from '../../src/catalog/catalog.ts';

/*
 * The failover manager's DNS responder follows the cluster record: Cluster Properties
 * changes dnsAddress and dnsPort, and the running manager answers at the new place (and
 * no longer at the old one) without a restart. Real store, real UDP sockets, real dig.
 */

const run = promisify(execFile);

/** dig's answer for a name, or 'no answer' when nothing listens there. */
async function dig(address: string, port: number, name: string): Promise<string> {
  try {
    const { stdout } = await run('dig', [`@${address}`, '-p', String(port), '+time=1', '+tries=1', '+short', name]);
    return stdout.trim();
  } catch {
    return 'no answer';
  }
}

/** A UDP port nothing listens on right now. */
async function freeUdpPort(address: string): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

describe("the manager's DNS responder", () => {
  let store: ClusterStore | undefined;
  let manager: FailoverManager | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await manager?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('moves to the address and port the cluster record names, while it runs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-dns-follow-'));
    store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
    const firstPort = await freeUdpPort('127.0.0.1');
    const config: ClusterConfig = {
      name: 'INS_CLUS',
      description: '',
      nodeLeaseTtlMs: 1000,
      dnsAddress: '127.0.0.1',
      dnsPort: firstPort,
      createdAt: 0,
    };
    await store.put(keys.cluster, JSON.stringify(config));
    // What an online Network Name resource publishes.
    const status: ResourceStatus = {
      name: 'Chat Network Name',
      group: 'SOCKET_GROUP',
      node: 'OSDB_SERV',
      epoch: 1,
      state: 'Online',
      since: 1,
      failures: [],
      published: [{ kind: 'dns-a', name: 'chat.ins-clus.test', address: '127.0.0.84' }],
    };
    await store.put(keys.resourceStatus(status.name), JSON.stringify(status));
    const log: string[] = [];
    manager = new FailoverManager({ store, node: 'OSDB_SERV', leaseTtlMs: 1000, log: (message) => log.push(message) });
    manager.start();
    await waitUntil(
      'the first responder',
      async () => (await dig('127.0.0.1', firstPort, 'chat.ins-clus.test')) === '127.0.0.84',
      15_000,
      100,
    );

    const secondPort = await freeUdpPort('127.0.0.2');
    await executeCommand(store, createCatalog([]), 'admin', {
      type: 'set-cluster-properties',
      dnsAddress: '127.0.0.2',
      dnsPort: secondPort,
    });
    await waitUntil(
      'the responder at its new place',
      async () => (await dig('127.0.0.2', secondPort, 'chat.ins-clus.test')) === '127.0.0.84',
      15_000,
      100,
    );
    expect(await dig('127.0.0.1', firstPort, 'chat.ins-clus.test')).toBe('no answer');
    expect(log).toContain(`DNS responder listening on 127.0.0.2:${secondPort}`);

    // The port alone, back on the first address.
    await executeCommand(store, createCatalog([]), 'admin', {
      type: 'set-cluster-properties',
      dnsAddress: '127.0.0.1',
    });
    await waitUntil(
      'the responder back on 127.0.0.1',
      async () => (await dig('127.0.0.1', secondPort, 'chat.ins-clus.test')) === '127.0.0.84',
      15_000,
      100,
    );
    expect(await dig('127.0.0.2', secondPort, 'chat.ins-clus.test')).toBe('no answer');
  }, 60_000);

  it('keeps trying an endpoint that is busy, and takes it once it is free', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wolfpack-dns-busy-'));
    store = await openEmbeddedStore({ path: join(dir, 'cluster.db') });
    const firstPort = await freeUdpPort('127.0.0.1');
    await store.put(
      keys.cluster,
      JSON.stringify({
        name: 'INS_CLUS',
        description: '',
        nodeLeaseTtlMs: 1000,
        dnsAddress: '127.0.0.1',
        dnsPort: firstPort,
        createdAt: 0,
      } satisfies ClusterConfig),
    );
    const log: string[] = [];
    manager = new FailoverManager({ store, node: 'OSDB_SERV', leaseTtlMs: 1000, log: (message) => log.push(message) });
    manager.start();
    await waitUntil(
      'the first responder',
      async () => (await dig('127.0.0.1', firstPort, 'nobody.test')) === '',
      15_000,
      100,
    );

    // Something else holds the port the record is changed to.
    const squatter = createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.3', resolve));
    const busyPort = squatter.address().port;
    await executeCommand(store, createCatalog([]), 'admin', {
      type: 'set-cluster-properties',
      dnsAddress: '127.0.0.3',
      dnsPort: busyPort,
    });
    await waitUntil(
      'the complaint',
      async () => log.some((line) => line.startsWith(`DNS responder not started on 127.0.0.3:${busyPort}`)),
      15_000,
      100,
    );
    await new Promise<void>((resolve) => squatter.close(resolve));
    await waitUntil(
      'the responder on the freed port',
      async () => (await dig('127.0.0.3', busyPort, 'nobody.test')) === '',
      15_000,
      100,
    );
  }, 60_000);
});
