import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { ResourceTypeManifest } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import chatServerType from '../src/engine.ts';
import { makeChatContext, reserveDisk } from './context.ts';
import { connectClient, joinChat, startChat, useChatInstances } from './running-chat.ts';

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as unknown;

useChatInstances();

describe('Chat Server manifest and validation', () => {
  it('has a manifest that is a valid ResourceTypeManifest', () => {
    expect([...Value.Errors(ResourceTypeManifest, manifest)]).toEqual([]);
  });

  it('names the empty field when no provider can fill it in', () => {
    const errors = chatServerType.validate!(
      { IPAddress: '', NetName: '' },
      { resource: 'Chat', group: 'SOCKET_GROUP', providers: [] },
    );
    expect(errors.map((error) => error.path).sort()).toEqual(['dependencies', 'private.IPAddress', 'private.NetName']);
    expect(errors.find((error) => error.path === 'private.IPAddress')?.message).toMatch(/IPAddress is empty/);
  });

  it('accepts the seed scenario: every value comes from the providers', () => {
    const { context } = makeChatContext();
    expect(chatServerType.validate!(context.properties, context)).toEqual([]);
    expect(chatServerType.validate!({ IPAddress: '300.1.2.3' }, context)).toEqual([
      { path: 'private.IPAddress', message: expect.stringMatching(/not an IPv4 address/) },
    ]);
  });
});

describe('Chat Server online', () => {
  it('greets each client with the group and the node, and passes health checks', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const client = await connectClient(setup);
    expect(await client.nextLine()).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');
    expect(await chat.looksAlive()).toBe(true);
    expect(await chat.isAlive()).toBe(true);
  });

  it('broadcasts every line to all clients, the sender included, prefixed with the sender', async () => {
    const setup = makeChatContext();
    await startChat(setup);
    const alice = await joinChat(setup);
    const bob = await joinChat(setup);
    alice.send('hello from alice');
    const expected = `${alice.prefix} hello from alice`;
    expect(await bob.nextLine()).toBe(expected);
    expect(await alice.nextLine()).toBe(expected);
  });

  it('replays the history to a new client, and keeps it across offline/online and a kill -9', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const first = await joinChat(setup);
    first.send('line one');
    await first.nextMatching((line) => line.endsWith('line one'));

    const second = await joinChat(setup);
    expect(await second.nextLine()).toBe(`${first.prefix} line one`);

    await chat.offline();
    expect(await chat.looksAlive()).toBe(false);
    await chat.online();
    const third = await joinChat(setup);
    expect(await third.nextLine()).toBe(`${first.prefix} line one`);
    third.send('line two');
    await third.nextMatching((line) => line.endsWith('line two')); // broadcast back: stored

    const failure = setup.nextFailure();
    process.kill(setup.chatPid(), 'SIGKILL');
    expect(await failure).toMatch(/chat process \d+ was killed by SIGKILL/);
    expect(await chat.looksAlive()).toBe(false);

    const again = await startChat(
      makeChatContext({ diskPath: setup.diskPath, properties: { IPAddress: setup.address, Port: setup.port } }),
    );
    expect(again).toBeDefined();
    const fourth = await joinChat(setup);
    expect(await fourth.nextLine()).toBe(`${first.prefix} line one`);
    expect(await fourth.nextLine()).toBe(`${third.prefix} line two`);
    expect(
      readFileSync(join(setup.diskPath, 'chat', 'history.log'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('refuses the MaxUser+1th client with one ERROR line naming MaxUser', async () => {
    const setup = makeChatContext();
    await startChat(setup);
    for (let index = 0; index < 10; index += 1) await joinChat(setup);
    const extra = await connectClient(setup);
    await extra.ended;
    expect(extra.lines).toEqual(['ERROR server full: MaxUser is 10']);
  });

  it('applies a lower MaxUser live: nobody is dropped, the next client is refused', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const stays = await joinChat(setup);
    expect(await chat.applyProperties!({ ...setup.context.properties, MaxUser: 1 })).toBe(true);
    const refused = await connectClient(setup);
    await refused.ended;
    expect(refused.lines).toEqual(['ERROR server full: MaxUser is 1']);
    stays.send('still here');
    expect(await stays.nextLine()).toBe(`${stays.prefix} still here`);
    expect(stays.isClosed).toBe(false);
  });

  it('asks for a restart when the port, address or share changes', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    expect(await chat.applyProperties!({ ...setup.context.properties, Port: setup.port + 1 })).toBe(false);
  });

  it('lists connected users through the connected-users control code', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const client = await joinChat(setup);
    const users = (await chat.control!('connected-users', {})) as Array<{
      address: string;
      port: number;
      connectedSince: string;
    }>;
    expect(users).toEqual([
      { address: client.localAddress, port: client.localPort, connectedSince: expect.any(String) },
    ]);
    expect(Number.isNaN(Date.parse(users[0]!.connectedSince))).toBe(false);
  });

  it('says goodbye to clients when taken offline, and stops answering', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const client = await joinChat(setup);
    await chat.offline();
    await client.ended;
    expect(client.lines.at(-1)).toBe('BYE SOCKET_GROUP is going offline on OSDB_SERV');
    expect(await chat.isAlive()).toBe(false);
    expect(setup.failures).toEqual([]);
  });
});

describe('Chat Server failures', () => {
  it('refuses a write as a stale owner once a newer epoch holds the disk, and fails', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    const client = await joinChat(setup);
    client.send('before the move');
    await client.nextMatching((line) => line.endsWith('before the move'));

    reserveDisk(setup.diskPath, 'OSDB_BACK', 2);
    const failure = setup.nextFailure();
    client.send('after the move');
    expect(await client.nextLine()).toBe('ERROR stale owner: the disk is reserved by OSDB_BACK epoch 2');
    expect(await failure).toMatch(/exited with code 77 \(stale owner/);
    expect(await chat.looksAlive()).toBe(false);
    expect(readFileSync(join(setup.diskPath, 'chat', 'history.log'), 'utf8')).not.toContain('after the move');
  });

  it('does not come online on a disk reserved by another node', async () => {
    const setup = makeChatContext();
    reserveDisk(setup.diskPath, 'OSDB_BACK', 2);
    await expect(startChat(setup)).rejects.toThrow(/stale owner: the disk is reserved by OSDB_BACK epoch 2/);
  });

  it('rejects online with the address and port when the port is in use', async () => {
    const setup = makeChatContext();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(setup.port, setup.address, resolve));
    try {
      await expect(startChat(setup)).rejects.toThrow(
        `cannot listen on ${setup.address}:${setup.port}: the address is already in use (EADDRINUSE)`,
      );
      expect(setup.failures).toEqual([]);
    } finally {
      squatter.close();
    }
  });

  it('names the unknown control code', async () => {
    const setup = makeChatContext();
    const chat = await startChat(setup);
    await expect(chat.control!('reboot', {})).rejects.toThrow(/unknown control code "reboot"/);
  });
});
