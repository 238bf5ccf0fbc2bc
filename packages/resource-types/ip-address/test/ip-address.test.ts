import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipv4Pattern } from '@wolfpack/contracts/addresses';
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
    expect(validate({ Address: '10.0.0.01' }, context)).toEqual([
      { path: 'private.Address', message: 'Address "10.0.0.01" is not an IPv4 dotted quad such as 203.230.252.84' },
    ]);
  });

  // The manifest is JSON a panel reads as is: its pattern is a copy, held to the one rule here.
  it('checks Address in its manifest by the same IPv4 rule as the rest of Wolfpack', () => {
    const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as {
      propertySchema: { properties: { Address: { pattern: string } } };
    };
    expect(manifest.propertySchema.properties.Address.pattern).toBe(ipv4Pattern);
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

  it("fails online with ip's own message when the interface does not exist", async () => {
    const missing = `${interfaceName}x`;
    const { context } = makeContext({ Address: address, Interface: missing });
    const instance = ipAddressType.create(context);
    await expect(instance.online()).rejects.toThrow(
      new RegExp(`IP Address "Cluster IP": cannot add ${address}/32 to interface ${missing}: .*Cannot find device`),
    );
    expect(await instance.looksAlive()).toBe(false);
    await instance.terminate();
  });
});
