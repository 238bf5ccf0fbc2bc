import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostCallTimeout, ResourceHost, ResourceHostExited } from '../../src/host/index.ts';
import { buildHostBundle, contextFor, fixture, isRunning, startHost, waitFor } from './helpers.ts';

describe('a wedged or dead resource host', () => {
  const started: ResourceHost[] = [];
  beforeAll(buildHostBundle);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((host) => host.kill()));
  });

  it('times out a busy-looping looksAlive; after kill() a new host starts and serves', async () => {
    const { host, reports } = await startHost('spinning');
    started.push(host);
    await host.open('Spinner', fixture('busy-looks-alive.mjs'), contextFor('Spinner'), 5_000);
    await host.online('Spinner', 5_000);

    await expect(host.looksAlive('Spinner', 300)).rejects.toThrow(new HostCallTimeout('Spinner', 'looksAlive', 300));
    // The whole event loop is stuck, not just one resource: a ping times out too.
    await expect(host.ping(300)).rejects.toBeInstanceOf(HostCallTimeout);

    const pid = host.pid;
    await host.kill();
    expect(host.alive).toBe(false);
    expect(isRunning(pid)).toBe(false);
    expect(reports.exits).toMatchObject([
      { pid, signal: 'SIGKILL', killed: true, description: 'was killed by SIGKILL' },
    ]);
    await expect(host.online('Spinner', 1_000)).rejects.toThrow(
      new ResourceHostExited('spinning', 'Spinner', 'online', 'was killed by SIGKILL'),
    );

    const { host: next } = await startHost('spinning-2');
    started.push(next);
    await next.open('Chat Server', fixture('steady.mjs'), contextFor('Chat Server'), 5_000);
    await next.online('Chat Server', 5_000);
    expect(await next.looksAlive('Chat Server', 1_000)).toBe(true);
  });

  it('rejects every pending call at once when the host dies, and says so through onExit', async () => {
    const { host, reports } = await startHost('doomed');
    started.push(host);
    await host.open('Hung', fixture('hang-online.mjs'), contextFor('Hung'), 5_000);
    const pending = host.online('Hung', 60_000).catch((error: unknown) => error);

    process.kill(host.pid, 'SIGKILL'); // a crash, not a kill() the agent asked for
    const failure = await pending;
    expect(failure).toBeInstanceOf(ResourceHostExited);
    expect((failure as Error).message).toBe('Hung: online failed: resource host "doomed" was killed by SIGKILL');
    await waitFor('onExit', () => reports.exits.length === 1, 1_000);
    expect(reports.exits[0]).toMatchObject({ signal: 'SIGKILL', killed: false });
    await expect(host.looksAlive('Hung', 1_000)).rejects.toBeInstanceOf(ResourceHostExited);
  });

  it('explains a host that cannot start', async () => {
    const ignore = (): void => {};
    const starting = ResourceHost.start({
      hostScript: fixture('no-such-host.mjs'),
      name: 'missing',
      log: ignore,
      onFailure: ignore,
      onPublish: ignore,
      onExit: ignore,
    });
    await expect(starting).rejects.toThrow(
      /resource host "missing" \(.*no-such-host\.mjs\) did not start: exited with code 1\n[\s\S]*Cannot find module/,
    );
  });

  it('kills the resource processes with the host', async () => {
    const { host } = await startHost('with-children');
    started.push(host);
    await host.open('Sleeper', fixture('child-process.mjs'), contextFor('Sleeper'), 5_000);
    await host.online('Sleeper', 5_000);
    const child = (await host.control('Sleeper', 'pid', null, 1_000)) as number;
    expect(isRunning(child)).toBe(true);
    await host.kill();
    await waitFor('the resource process is gone', () => !isRunning(child), 2_000);
  });

  it('kills a command running in a process group of its own (an OCF action, `ip addr`) with the host', async () => {
    const { host } = await startHost('with-command');
    started.push(host);
    await host.open('Command', fixture('child-process.mjs'), contextFor('Command', { detached: true }), 5_000);
    await host.online('Command', 5_000);
    const command = (await host.control('Command', 'pid', null, 1_000)) as number;
    expect(isRunning(command)).toBe(true);
    await host.kill();
    await waitFor('the command is gone', () => !isRunning(command), 2_000);
  });
});
