import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostCallTimeout, ResourceCallError, type ResourceHost } from '../../src/host/index.ts';
import { buildHostBundle, contextFor, fixture, startHost, waitFor, type HostReports } from './helpers.ts';

describe('resource host calls', () => {
  let host: ResourceHost;
  let reports: HostReports;

  beforeAll(async () => {
    await buildHostBundle();
    ({ host, reports } = await startHost('calls'));
  });
  afterAll(async () => {
    await host?.kill();
  });

  it('runs a well-behaved resource through open, online, checks, control, properties and offline', async () => {
    const context = contextFor('Chat Server', { greeting: 'hello', maxUser: 10 });
    await host.open('Chat Server', fixture('steady.mjs'), context, 5_000);
    expect(await host.looksAlive('Chat Server', 1_000)).toBe(false);

    await host.online('Chat Server', 5_000);
    expect(await host.looksAlive('Chat Server', 1_000)).toBe(true);
    expect(await host.isAlive('Chat Server', 1_000)).toBe(true);
    expect(reports.published).toContainEqual({
      resource: 'Chat Server',
      records: [{ kind: 'dns-a', name: 'chat server', address: '127.0.0.84' }],
    });
    expect(reports.logs).toContain('Chat Server: online with greeting hello');

    expect(await host.control('Chat Server', 'echo', { users: ['ann', 'bob'] }, 1_000)).toEqual({
      users: ['ann', 'bob'],
    });
    expect(await host.control('Chat Server', 'context', null, 1_000)).toEqual({
      resource: 'Chat Server',
      group: 'SOCKET_GROUP',
      epoch: 7,
      properties: { greeting: 'hello', maxUser: 10 },
    });

    // A live change is applied and becomes the context's properties; another needs a restart.
    expect(await host.applyProperties('Chat Server', { greeting: 'hi', maxUser: 10 }, 1_000)).toBe(true);
    expect(await host.control('Chat Server', 'context', null, 1_000)).toMatchObject({
      properties: { greeting: 'hi', maxUser: 10 },
    });
    expect(await host.applyProperties('Chat Server', { greeting: 'hi', maxUser: 5 }, 1_000)).toBe(false);

    await host.offline('Chat Server', 5_000);
    expect(await host.looksAlive('Chat Server', 1_000)).toBe(false);
    await host.close('Chat Server');
    await expect(host.looksAlive('Chat Server', 1_000)).rejects.toThrow(
      'Chat Server: looksAlive failed: the resource is not open in this resource host',
    );
  });

  it('refuses to open a resource twice and names a module without create()', async () => {
    await host.open('Twice', fixture('steady.mjs'), contextFor('Twice'), 5_000);
    await expect(host.open('Twice', fixture('steady.mjs'), contextFor('Twice'), 5_000)).rejects.toThrow(
      'Twice: open failed: the resource is already open',
    );
    await expect(host.open('Nowhere', fixture('missing.mjs'), contextFor('Nowhere'), 5_000)).rejects.toThrow(
      /Nowhere: open failed: .*missing\.mjs/,
    );
    await expect(host.open('Odd', fixture('no-create.mjs'), contextFor('Odd'), 5_000)).rejects.toThrow(
      /Odd: open failed: engine module .*no-create.mjs exports no create\(\) function/,
    );
    await host.close('Twice');
  });

  it('fails a hung online with HostCallTimeout naming the call and the timeout, and still serves others after terminate', async () => {
    await host.open('Hung', fixture('hang-online.mjs'), contextFor('Hung'), 5_000);
    const failure = await host.online('Hung', 300).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallTimeout);
    expect((failure as HostCallTimeout).message).toBe('Hung: online did not finish within 300 ms (PendingTimeout)');
    expect(failure).toMatchObject({ resource: 'Hung', call: 'online', timeoutMs: 300 });

    await host.terminate('Hung', 1_000);
    await host.close('Hung');
    await host.open('Neighbour', fixture('steady.mjs'), contextFor('Neighbour', { greeting: 'still here' }), 5_000);
    await host.online('Neighbour', 5_000);
    expect(await host.looksAlive('Neighbour', 1_000)).toBe(true);
    await host.terminate('Neighbour', 1_000);
    await host.close('Neighbour');
  });

  it("rejects a call with the module's own message when it throws, and the host stays up", async () => {
    await expect(
      host.open('Picky', fixture('throws.mjs'), contextFor('Picky', { throwInCreate: true }), 5_000),
    ).rejects.toThrow('Picky: open failed: create refused: MaxUser must be at most 10');
    await host.open('Broken', fixture('throws.mjs'), contextFor('Broken'), 5_000);
    const failure = await host.online('Broken', 5_000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResourceCallError);
    expect(failure).toMatchObject({
      resource: 'Broken',
      call: 'online',
      reason: 'port 5000 is already in use',
      message: 'Broken: online failed: port 5000 is already in use',
    });
    await expect(host.offline('Broken', 5_000)).rejects.toThrow('Broken: offline failed: offline went wrong');
    await expect(host.looksAlive('Broken', 5_000)).rejects.toThrow(
      'Broken: looksAlive failed: a plain string, not an Error',
    );

    // Stray errors outside any call are logged, not fatal.
    await host.control('Broken', 'unhandled-rejection', null, 1_000);
    await host.control('Broken', 'uncaught-exception', null, 1_000);
    await waitFor(
      'both stray errors logged',
      () =>
        reports.logs.some((line) => line.includes('nobody handles this')) &&
        reports.logs.some((line) => line.includes('thrown from a timer')),
    );
    expect(host.alive).toBe(true);
    expect(await host.control('Broken', 'anything', null, 1_000)).toBe('ok');
    await host.ping(1_000);
    await host.close('Broken');
  });

  it('reports a failure noticed between calls at once', async () => {
    await host.open('Chat Process', fixture('reports-failure.mjs'), contextFor('Chat Process'), 5_000);
    await host.online('Chat Process', 5_000);
    await waitFor('failure reported', () => reports.failures.length > 0, 2_000);
    expect(reports.failures).toEqual([{ resource: 'Chat Process', reason: 'process exited with code 3' }]);
    await host.close('Chat Process');
  });

  it('refuses control codes a type does not have', async () => {
    await host.open('Plain', fixture('hang-online.mjs'), contextFor('Plain'), 5_000);
    await expect(host.control('Plain', 'connected-users', null, 1_000)).rejects.toThrow(
      'Plain: control failed: resource type "Fixture" has no control codes (asked for "connected-users")',
    );
    expect(await host.applyProperties('Plain', { anything: 1 }, 1_000)).toBe(false);
    await host.close('Plain');
  });
});
