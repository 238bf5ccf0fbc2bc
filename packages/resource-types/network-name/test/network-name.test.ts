import { describe, expect, it } from 'vitest';
import networkNameType from '../src/engine.ts';
import { makeContext } from './context.ts';

const clusterIp = {
  name: 'Cluster IP',
  type: 'IP Address',
  properties: { Address: '127.0.0.84', PrefixLength: 32, Interface: 'lo' },
};
const validationContext = { resource: 'Cluster Name', group: 'SOCKET_GROUP', providers: [clusterIp] };

describe('Network Name', () => {
  it('publishes an A record for its IP Address while online and withdraws it offline', async () => {
    const { context, published } = makeContext({ Name: 'chat.ins-clus.test' }, [clusterIp]);
    const instance = networkNameType.create(context);
    expect(await instance.looksAlive()).toBe(false);

    await instance.online();
    expect(published.at(-1)).toEqual([{ kind: 'dns-a', name: 'chat.ins-clus.test', address: '127.0.0.84' }]);
    expect(await instance.looksAlive()).toBe(true);
    expect(await instance.isAlive()).toBe(true);

    await instance.offline();
    expect(published.at(-1)).toEqual([]);
    expect(await instance.looksAlive()).toBe(false);
  });

  it('fails online, naming the missing dependency, when it depends on no IP Address', async () => {
    const disk = { name: 'Shared Disk', type: 'Disk', properties: { Path: '/tmp/x' } };
    const { context, published } = makeContext({ Name: 'chat' }, [disk]);
    const instance = networkNameType.create(context);
    await expect(instance.online()).rejects.toThrow(
      'Network Name "Cluster Name": it depends on no "IP Address" resource',
    );
    expect(published).toEqual([]);
    await instance.terminate();
  });

  it('terminate withdraws the name', async () => {
    const { context, published } = makeContext({ Name: 'chat' }, [clusterIp]);
    const instance = networkNameType.create(context);
    await instance.online();
    await instance.terminate();
    expect(published.at(-1)).toEqual([]);
  });

  it('validate names the Name field and the broken rule', () => {
    const validate = networkNameType.validate!;
    expect(validate({ Name: 'OSDB_SERV.ins-clus.test' }, validationContext)).toEqual([]);
    const [badLabel] = validate({ Name: 'chat..test' }, validationContext);
    expect(badLabel).toEqual({ path: 'private.Name', message: expect.stringContaining('label ""') });
    expect(validate({ Name: 'chat server' }, validationContext)[0]?.message).toMatch(/"chat server".*letters, digits/);
    expect(validate({ Name: `${'a'.repeat(64)}.test` }, validationContext)[0]?.path).toBe('private.Name');
    expect(validate({ Name: Array(130).fill('ab').join('.') }, validationContext)[0]?.message).toMatch(/at most 253/);
  });
});
