import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceHost } from '../../src/host/index.ts';
import { buildHostBundle, contextFor, fixture, isRunning, startHost, waitFor } from './helpers.ts';

describe('resource host self-fencing', () => {
  const started: ResourceHost[] = [];
  beforeAll(buildHostBundle);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((host) => host.kill()));
  });

  it('terminates every resource itself when the fence deadline passes, then refuses online until a newer deadline', async () => {
    const { host, reports } = await startHost('fencing');
    started.push(host);
    host.setFenceDeadline(Date.now() + 60_000);
    await host.open('Sleeper', fixture('child-process.mjs'), contextFor('Sleeper'), 5_000);
    await host.online('Sleeper', 5_000);
    await host.open('Chat Server', fixture('steady.mjs'), contextFor('Chat Server'), 5_000);
    await host.online('Chat Server', 5_000);
    const child = (await host.control('Sleeper', 'pid', null, 1_000)) as number;

    // Renewals push the deadline out; then the agent stops renewing (frozen, or lost its lease).
    host.setFenceDeadline(Date.now() + 200);
    host.setFenceDeadline(Date.now() + 400);
    const fencedWithin = await waitFor('onFenced', () => reports.fenced.length > 0, 5_000);
    expect(fencedWithin).toBeGreaterThanOrEqual(300);
    expect(reports.fenced[0]?.terminated.sort()).toEqual(['Chat Server', 'Sleeper']);
    expect(reports.fenced[0]?.unfinished).toEqual([]);
    await waitFor('the resource process is gone', () => !isRunning(child), 2_000);
    expect(await host.looksAlive('Chat Server', 1_000)).toBe(false);
    expect(host.alive).toBe(true);

    await expect(host.online('Chat Server', 1_000)).rejects.toThrow(
      /Chat Server: online failed: the resource host fenced itself at .* and has no newer fence deadline/,
    );
    host.setFenceDeadline(Date.now() - 1_000); // a deadline in the past does not lift the fence
    await expect(host.online('Chat Server', 1_000)).rejects.toThrow(/fenced itself/);

    host.setFenceDeadline(Date.now() + 60_000); // the lease is back
    await host.online('Chat Server', 1_000);
    expect(await host.looksAlive('Chat Server', 1_000)).toBe(true);
  });

  it('kills the processes of a resource whose terminate hangs, within the bound', async () => {
    const { host, reports } = await startHost('fencing-stubborn');
    started.push(host);
    host.setFenceDeadline(Date.now() + 60_000);
    await host.open('Stubborn', fixture('child-process.mjs'), contextFor('Stubborn', { terminateHangs: true }), 5_000);
    await host.online('Stubborn', 5_000);
    const child = (await host.control('Stubborn', 'pid', null, 1_000)) as number;

    host.setFenceDeadline(Date.now() + 100, 300);
    await waitFor('onFenced', () => reports.fenced.length > 0, 5_000);
    expect(reports.fenced[0]).toMatchObject({ terminated: [], unfinished: ['Stubborn'] });
    expect(reports.fenced[0]?.killedProcesses).toContain(child);
    await waitFor('the resource process is gone', () => !isRunning(child), 2_000);
  });

  it('fences even while its agent is frozen', async () => {
    // The host runs on its own clock: a deadline already sent is enforced whatever the agent does next.
    const { host, reports } = await startHost('fencing-frozen');
    started.push(host);
    await host.open('Sleeper', fixture('child-process.mjs'), contextFor('Sleeper'), 5_000);
    await host.online('Sleeper', 5_000);
    const child = (await host.control('Sleeper', 'pid', null, 1_000)) as number;
    host.setFenceDeadline(Date.now() + 300);
    const frozenUntil = Date.now() + 1_500;
    while (Date.now() < frozenUntil) {
      // the agent's event loop is stuck: no renewals, no IPC handling
    }
    await waitFor('the resource process is gone', () => !isRunning(child), 1_000);
    await waitFor('onFenced', () => reports.fenced.length > 0, 1_000);
  });
});
