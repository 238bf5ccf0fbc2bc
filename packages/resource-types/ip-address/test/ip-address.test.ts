import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import ipAddressType from '../src/engine.ts';
import { makeContext } from './context.ts';

/** Addresses configured on an interface, as `ip` (not Node) sees them. */
function addressesOn(interfaceName: string): string {
  return execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', interfaceName], { encoding: 'utf8' });
}

/**
 * A throwaway interface for the non-loopback path: a dummy link, or, on kernels built
 * without the dummy driver, one end of a veth pair (both ends up, so the link runs).
 */
function createTestInterface(): string {
  const name = `wpt${randomInt(100_000, 999_999)}`;
  const dummy = spawnSync('ip', ['link', 'add', name, 'type', 'dummy'], { encoding: 'utf8' });
  if (dummy.status !== 0) {
    const peer = `${name}p`;
    execFileSync('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', peer]);
    execFileSync('ip', ['link', 'set', peer, 'up']);
  }
  execFileSync('ip', ['link', 'set', name, 'up']);
  return name;
}

describe('IP Address validate', () => {
  it('names the Address field when it is not a usable dotted quad', () => {
    const validate = ipAddressType.validate!;
    const context = { resource: 'Cluster IP', group: 'SOCKET_GROUP', providers: [] };
    expect(validate({ Address: '203.230.252.84' }, context)).toEqual([]);
    expect(validate({ Address: '203.230.252.256' }, context)[0]?.path).toBe('private.Address');
    expect(validate({ Address: '224.0.0.1' }, context)[0]?.message).toMatch(/multicast/);
    expect(validate({ Address: '0.1.2.3' }, context)[0]?.path).toBe('private.Address');
  });
});

describe('IP Address in 127.0.0.0/8', () => {
  it('comes online and stays alive without adding anything to lo', async () => {
    const { context } = makeContext({ Address: '127.0.0.84' });
    const instance = ipAddressType.create(context);
    await instance.online();
    expect(addressesOn('lo')).not.toContain('127.0.0.84');
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);
    await instance.offline();
    await instance.terminate();
  });
});

describeWhen('ip-link', 'IP Address on a real interface', () => {
  const address = `198.18.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  let interfaceName: string;

  beforeAll(() => {
    interfaceName = createTestInterface();
  });
  afterAll(() => {
    if (interfaceName) spawnSync('ip', ['link', 'del', interfaceName]);
  });

  it('adds the address online, notices its removal, and removes it offline', async () => {
    const { context } = makeContext({ Address: address, PrefixLength: 32, Interface: interfaceName });
    const instance = ipAddressType.create(context);

    await instance.online();
    expect(addressesOn(interfaceName)).toContain(`${address}/32`);
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);

    // Someone removes it behind the cluster's back: the health checks see it at once.
    execFileSync('ip', ['addr', 'del', `${address}/32`, 'dev', interfaceName]);
    expect(await instance.looksAlive()).toBe(false);
    expect(await instance.isAlive()).toBe(false);

    await instance.online();
    await instance.online(); // already there: still fine
    expect(await instance.looksAlive()).toBe(true);

    await instance.offline();
    expect(addressesOn(interfaceName)).not.toContain(address);
    await instance.offline(); // already gone: still fine
    await instance.terminate();
  });

  it('terminate removes the address and never throws', async () => {
    const { context } = makeContext({ Address: address, PrefixLength: 24, Interface: interfaceName });
    const instance = ipAddressType.create(context);
    await instance.online();
    expect(addressesOn(interfaceName)).toContain(`${address}/24`);
    await instance.terminate();
    expect(addressesOn(interfaceName)).not.toContain(address);
  });

  it('fails online with ip\'s own message when the interface does not exist', async () => {
    const missing = `${interfaceName}x`;
    const { context } = makeContext({ Address: address, Interface: missing });
    const instance = ipAddressType.create(context);
    await expect(instance.online()).rejects.toThrow(new RegExp(`IP Address "Cluster IP": cannot add ${address}/32 to interface ${missing}: .*Cannot find device`));
    expect(await instance.looksAlive()).toBe(false);
    await instance.terminate();
  });
});
