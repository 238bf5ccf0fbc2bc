import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents, resourceState } from '@wolfpack/engine';
import { ChatClient, greetingOf } from '@wolfpack/testing/chat-client';
import type { EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import {
  chatCrashBoundMs,
  expectFailoverWithin,
  greetedAfter,
  nodeKillBoundMs,
  plannedMoveBoundMs,
} from '@wolfpack/testing/failover-time';
import { chatProcesses, expectWatchedWithoutSplitBrain, type OwnershipWatcher } from './harness/ownership-watcher.ts';
import {
  chatGreeting,
  seedGroupOnlineOn,
  startWatchedSeedCluster,
  stopWatchedSeedCluster,
} from './harness/watched-seed-cluster.ts';

// The paper's demo, for real: processes per node, a TCP chat on the group's address.
describe('the seed scenario on the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let watcher: OwnershipWatcher;

  beforeAll(async () => ({ cluster, watcher } = await startWatchedSeedCluster()), 120_000);
  afterAll(() => stopWatchedSeedCluster({ cluster, watcher }));

  const onlineOn = (node: string) => seedGroupOnlineOn(cluster, node);
  /** A new chat connection greeted by `node`, timed from `since` (just before the action). */
  const greetedBy = (node: string, since: number) =>
    greetedAfter(since, cluster.chatAddress, cluster.chatPort, (line) => line === `WELCOME to SOCKET_GROUP on ${node}`);

  it('comes up with SOCKET_GROUP online on OSDB_SERV, greeting chat clients from there', async () => {
    await onlineOn('OSDB_SERV');
    expect(await chatGreeting(cluster)).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');
  });

  it('answers DNS for its network name', async () => {
    const answer = execFileSync('dig', [
      '@127.0.0.1',
      '-p',
      String(cluster.dnsPort),
      'SOCKET_SERVER',
      '+short',
      '+time=2',
      '+tries=3',
    ])
      .toString()
      .trim();
    expect(answer).toBe(cluster.chatAddress);
  });

  it('moves SOCKET_GROUP to OSDB_BACK with its chat history', async () => {
    const { client } = await greetingOf(cluster.chatAddress, cluster.chatPort);
    client.send('written before the move');
    await client.waitForLine((line) => line.includes('written before the move'));
    const moveSent = performance.now();
    await cluster.command({ type: 'move-group', name: 'SOCKET_GROUP', node: 'OSDB_BACK' });
    const greeted = greetedBy('OSDB_BACK', moveSent);
    await client.waitForClose(10_000);
    await onlineOn('OSDB_BACK');
    const after = await greetingOf(cluster.chatAddress, cluster.chatPort);
    expect(after.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    await after.client.waitForLine((line) => line.includes('written before the move'));
    after.client.close();

    // Offline dependents first on the old owner; online providers first on the new one.
    const events = await readEvents(cluster.store, { limit: 1000 });
    const at = (resource: string, to: string, node: string) =>
      events.findLast((e) => e.object.name === resource && e.to === to && e.node === node)?.revision ?? Number.NaN;
    for (const provider of ['Chat IP Address', 'Chat Network Name', 'Chat Disk']) {
      expect(at('Chat Server', 'Offline', 'OSDB_SERV')).toBeLessThan(at(provider, 'Offline', 'OSDB_SERV'));
      expect(at(provider, 'Online', 'OSDB_BACK')).toBeLessThan(at('Chat Server', 'Online', 'OSDB_BACK'));
    }
    expect(at('Chat IP Address', 'Online', 'OSDB_BACK')).toBeLessThan(at('Chat Network Name', 'Online', 'OSDB_BACK'));
    // Last, so that a slow move fails this test alone (the client above is closed).
    expectFailoverWithin(
      'planned move OSDB_SERV → OSDB_BACK (command → greeted by OSDB_BACK)',
      (await greeted).ms,
      plannedMoveBoundMs,
    );
  });

  it('refuses MaxUser 11, 0 and "ten", naming MaxUser, and keeps the stored value', async () => {
    for (const bad of [11, 0, 'ten']) {
      await expect(
        cluster.command({ type: 'set-resource-properties', name: 'Chat Server', private: { MaxUser: bad } }),
      ).rejects.toMatchObject({
        code: 'validation',
        fields: expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('MaxUser') })]),
      });
    }
    const state = await cluster.state();
    expect(state.resources.get('Chat Server')?.private.MaxUser).toBe(10);
  });

  it('refuses a dependency cycle and changes nothing', async () => {
    await expect(
      cluster.command({ type: 'add-dependency', name: 'Chat IP Address', provider: 'Chat Server' }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/cycle/i),
    });
    const state = await cluster.state();
    expect(state.resources.get('Chat IP Address')?.dependencies).toEqual([]);
  });

  it('refuses the (MaxUser+1)th chat client with an ERROR line naming MaxUser, live after a change', async () => {
    await cluster.command({ type: 'set-resource-properties', name: 'Chat Server', private: { MaxUser: 2 } });
    const first = await greetingOf(cluster.chatAddress, cluster.chatPort);
    // The new limit applies live: wait until a third client is refused.
    const second = await ChatClient.connect(cluster.chatAddress, cluster.chatPort);
    await second.waitForLine((line) => line.startsWith('WELCOME'));
    let refusal = '';
    for (let attempt = 0; attempt < 100 && !refusal; attempt++) {
      const third = await ChatClient.connect(cluster.chatAddress, cluster.chatPort);
      const line = await third.waitForLine(() => true);
      if (line.startsWith('ERROR')) refusal = line;
      third.close();
      if (!refusal) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refusal).toMatch(/^ERROR.*MaxUser/);
    // Nobody connected was dropped by the change.
    expect(first.client.closed).toBe(false);
    expect(second.closed).toBe(false);
    first.client.close();
    second.close();
    await cluster.command({ type: 'set-resource-properties', name: 'Chat Server', private: { MaxUser: 10 } });
  });

  it('lists the connected chat users through the connected-users control code, from the owning node', async () => {
    const { client } = await greetingOf(cluster.chatAddress, cluster.chatPort);
    const local = `${client.socket.localAddress}:${client.socket.localPort}`;
    const outcome = await cluster.control('Chat Server', 'connected-users');
    client.close();
    expect(outcome.node).toBe('OSDB_BACK');
    expect((outcome.result as { address: string; port: number }[]).map((u) => `${u.address}:${u.port}`)).toContain(
      local,
    );
    await expect(cluster.control('Chat Server', 'no-such-code')).rejects.toMatchObject({ code: 'validation' });
  });

  it('restarts a killed chat process on its node, and fails the group over past RestartThreshold', async () => {
    await onlineOn('OSDB_BACK');
    const owner = 'OSDB_BACK';
    const threshold = (await cluster.state()).resources.get('Chat Server')!.common.restartThreshold;
    const restartMs: number[] = [];
    for (let restart = 1; restart <= threshold; restart++) {
      const [pid] = chatProcesses(cluster.dataDir);
      expect(pid).toBeDefined();
      const killSent = performance.now();
      process.kill(pid!, 'SIGKILL');
      const greeted = greetedBy(owner, killSent);
      await cluster.waitFor(`chat restart ${restart}`, () => {
        const pids = chatProcesses(cluster.dataDir);
        return pids.length === 1 && pids[0] !== pid;
      });
      await onlineOn(owner);
      expect(await chatGreeting(cluster)).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
      restartMs.push((await greeted).ms);
    }
    // One failure more than the threshold: the group fails over to the other node.
    const [pid] = chatProcesses(cluster.dataDir);
    process.kill(pid!, 'SIGKILL');
    await onlineOn('OSDB_SERV');
    expect(await chatGreeting(cluster)).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');
    // After the failover, so that a slow restart fails this test alone, not the next ones.
    for (const [index, ms] of restartMs.entries())
      expectFailoverWithin(
        `chat process crash ${index + 1} (kill -9 → greeted again by ${owner})`,
        ms,
        chatCrashBoundMs,
      );
  });

  it("fails over when the owning wolfpackd is killed, and the dead node's chat process is gone", async () => {
    await onlineOn('OSDB_SERV');
    const [chatBefore] = chatProcesses(cluster.dataDir);
    const { client } = await greetingOf(cluster.chatAddress, cluster.chatPort);
    client.send('acknowledged before the crash');
    await client.waitForLine((line) => line.includes('acknowledged before the crash'));
    const owningPid = await cluster.nodePid('OSDB_SERV');
    const killSent = performance.now();
    process.kill(owningPid, 'SIGKILL');
    const greeted = greetedBy('OSDB_BACK', killSent);
    await onlineOn('OSDB_BACK');
    const after = await greetingOf(cluster.chatAddress, cluster.chatPort);
    expect(after.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    await after.client.waitForLine((line) => line.includes('acknowledged before the crash'));
    after.client.close();
    expect(chatProcesses(cluster.dataDir)).not.toContain(chatBefore);
    const state = await cluster.state();
    expect(state.nodeStatuses.has('OSDB_SERV')).toBe(false);
    expect(resourceState(state, 'Chat Server')).toBe('Online');
    expectFailoverWithin(
      'kill -9 of the owning wolfpackd OSDB_SERV (kill → greeted by OSDB_BACK)',
      (await greeted).ms,
      nodeKillBoundMs,
    );
  });

  it('never had two owners of SOCKET_GROUP at once', async () => {
    await expectWatchedWithoutSplitBrain(watcher);
  });
});
