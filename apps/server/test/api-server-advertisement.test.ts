import { keys, type ApiServerRecord } from '@wolfpack/contracts';
import { eventually } from '@wolfpack/testing/conditions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDir, type StoreDir } from './harness/in-process.ts';
import { apiServerLeaseTtlMs, advertiseApiServer } from '../src/users/index.ts';

/*
 * The address a server advertises (WOLFPACK_URL for resources) lives as long as the server:
 * a lease the store lost (a store restart forgets leases) is granted again and the address
 * written again, and stopping takes it away.
 */

const url = 'http://127.0.0.1:9';

describe('the advertised server address', () => {
  let storeDir: StoreDir;

  beforeAll(async () => {
    storeDir = await openStoreDir('admin password 1');
  });

  afterAll(async () => {
    await storeDir?.remove();
  });

  const advertised = async () => (await storeDir.store.range(keys.apiServers)).kvs;

  it('comes back under a new lease when its lease is lost, and goes when the server stops', async () => {
    const advertisement = await advertiseApiServer(storeDir.store, url);
    const [first] = await advertised();
    expect(JSON.parse(first!.value) as ApiServerRecord).toMatchObject({ url });

    await storeDir.store.revokeLease(first!.lease);
    expect(await advertised()).toEqual([]);
    // The next renewal (a third of the TTL) finds the lease gone and advertises again.
    const again = await eventually(
      async () => {
        const kvs = await advertised();
        if (kvs.length !== 1) throw new Error(`advertised ${kvs.length} times, not once, after the lease was lost`);
        return kvs[0]!;
      },
      10 * (apiServerLeaseTtlMs / 3),
    );
    expect(again.lease).not.toBe(first!.lease);
    expect(again.key).toBe(first!.key);
    expect(JSON.parse(again.value) as ApiServerRecord).toMatchObject({ url });

    await advertisement.stop();
    expect(await advertised()).toEqual([]);
  }, 60_000);
});
