import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startDnsResponder, type DnsResponder } from '../../src/name-service/index.ts';

const run = promisify(execFile);

/** Ask Debian's dig, as a person would; returns its whole output. */
async function dig(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args]);
  return stdout;
}

describe('DNS responder', () => {
  let responder: DnsResponder | undefined;
  afterEach(async () => {
    await responder?.close();
    responder = undefined;
  });

  const names = new Map<string, string[]>([
    ['chat.ins-clus.test', ['127.0.0.84']],
    ['web.ins-clus.test', ['10.9.0.1', '10.9.0.2']],
  ]);
  const lookup = (name: string) => names.get(name) ?? [];

  it('answers A queries with the published addresses, whatever the case or trailing dot', async () => {
    responder = await startDnsResponder({ address: '127.0.0.1', port: 0, lookup });
    expect(responder.port).toBeGreaterThan(0);
    expect((await dig(responder.port, 'chat.ins-clus.test', '+short')).trim()).toBe('127.0.0.84');
    expect((await dig(responder.port, 'CHAT.Ins-Clus.TEST.', '+short')).trim()).toBe('127.0.0.84');
    expect((await dig(responder.port, 'web.ins-clus.test', '+short')).trim().split('\n').sort()).toEqual([
      '10.9.0.1',
      '10.9.0.2',
    ]);
  });

  it('answers authoritatively with a TTL of 1 second', async () => {
    responder = await startDnsResponder({ address: '127.0.0.1', port: 0, lookup });
    const output = await dig(responder.port, 'chat.ins-clus.test');
    expect(output).toMatch(/status: NOERROR/);
    expect(output).toMatch(/flags: qr aa rd;/);
    expect(output).toMatch(/^chat\.ins-clus\.test\.\s+1\s+IN\s+A\s+127\.0\.0\.84$/m);
  });

  it('says NXDOMAIN for an unknown name, and NODATA for other types of a known name', async () => {
    responder = await startDnsResponder({ address: '127.0.0.1', port: 0, lookup });
    expect(await dig(responder.port, 'nobody.ins-clus.test')).toMatch(/status: NXDOMAIN/);
    const aaaa = await dig(responder.port, 'chat.ins-clus.test', 'AAAA');
    expect(aaaa).toMatch(/status: NOERROR/);
    expect(aaaa).toMatch(/ANSWER: 0,/);
    expect(await dig(responder.port, 'nobody.ins-clus.test', 'MX')).toMatch(/status: NXDOMAIN/);
  });

  it('follows the lookup at once when names move', async () => {
    const moving = new Map<string, string[]>([['chat', ['127.0.0.84']]]);
    responder = await startDnsResponder({ address: '127.0.0.1', port: 0, lookup: (name) => moving.get(name) ?? [] });
    expect((await dig(responder.port, 'chat', '+short')).trim()).toBe('127.0.0.84');
    moving.set('chat', ['127.0.0.85']);
    expect((await dig(responder.port, 'chat', '+short')).trim()).toBe('127.0.0.85');
    moving.delete('chat');
    expect(await dig(responder.port, 'chat')).toMatch(/status: NXDOMAIN/);
  });

  it('answers SERVFAIL when the lookup throws, and survives garbage datagrams', async () => {
    responder = await startDnsResponder({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) => {
        if (name === 'broken') throw new Error('state not loaded');
        return lookup(name);
      },
    });
    expect(await dig(responder.port, 'broken')).toMatch(/status: SERVFAIL/);

    // A datagram with a query header and a truncated question: FORMERR with the same id.
    const client = createSocket('udp4');
    const reply = await new Promise<Buffer>((resolve) => {
      client.once('message', resolve);
      client.send(
        Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x63]),
        responder!.port,
        '127.0.0.1',
      );
    });
    client.close();
    expect(reply.readUInt16BE(0)).toBe(0x1234);
    expect(reply.readUInt16BE(2) & 0x800f).toBe(0x8001);
    expect((await dig(responder.port, 'chat.ins-clus.test', '+short')).trim()).toBe('127.0.0.84');
  });

  it('cuts answers that do not fit a 512-byte datagram and sets TC', async () => {
    const many = Array.from({ length: 60 }, (_, index) => `10.8.0.${index + 1}`);
    responder = await startDnsResponder({
      address: '127.0.0.1',
      port: 0,
      lookup: (name) => (name === 'farm.ins-clus.test' ? many : []),
    });
    const output = await dig(responder.port, 'farm.ins-clus.test', '+ignore', '+noedns');
    expect(output).toMatch(/flags: qr aa tc rd;/);
    const answered = Number(/ANSWER: (\d+),/.exec(output)?.[1]);
    expect(answered).toBeGreaterThan(10);
    expect(answered).toBeLessThan(60);
  });

  it('fails to start with a message naming the address and port when the port is taken', async () => {
    responder = await startDnsResponder({ address: '127.0.0.1', port: 0, lookup });
    await expect(startDnsResponder({ address: '127.0.0.1', port: responder.port, lookup })).rejects.toThrow(
      `DNS responder: cannot listen on 127.0.0.1 port ${responder.port}`,
    );
  });
});
