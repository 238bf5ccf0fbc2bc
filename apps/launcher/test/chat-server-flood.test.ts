import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { ChatClient, greetingOf } from '@wolfpack/testing/chat-client';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { chatProcesses } from './harness/ownership-watcher.ts';

/*
 * One anonymous TCP client must not be able to take the seed's chat server down: before
 * the chat server took lines at a per-client rate and stored them in batches off its
 * event loop, 64 KiB of one-byte lines meant 32 768 fdatasyncs in a row on that loop, so
 * nobody else was greeted and the IsAlive probe (5 s) failed, restarting the resource.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const floodLines = 32 * 1024;

describe('the seed chat server while one client floods it', () => {
  let cluster: EmbeddedCluster;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await cluster?.stop();
  });

  it('greets a second client within 1 s during a flood of 64 KiB of one-byte lines; the resource stays Online with no restart', async () => {
    await cluster.waitFor('SOCKET_GROUP Online', (state) => groupState(state, 'SOCKET_GROUP') === 'Online');
    // Health checks every second (IsAlive is every minute by default), so the flood meets several.
    await cluster.command({ type: 'take-group-offline', name: 'SOCKET_GROUP' });
    await cluster.waitFor('SOCKET_GROUP Offline', (state) => groupState(state, 'SOCKET_GROUP') === 'Offline');
    await cluster.command({
      type: 'set-resource-properties',
      name: 'Chat Server',
      common: { isAlivePollIntervalMs: 1000, looksAlivePollIntervalMs: 500 },
    });
    await cluster.command({ type: 'bring-group-online', name: 'SOCKET_GROUP' });
    const owner = await cluster.waitFor(
      'SOCKET_GROUP Online again',
      (state) => groupState(state, 'SOCKET_GROUP') === 'Online' && groupOwner(state, 'SOCKET_GROUP'),
    );
    const chatBefore = chatProcesses(cluster.dataDir);
    expect(chatBefore).toHaveLength(1);

    const { greeting, client: flooder } = await greetingOf(cluster.chatAddress, cluster.chatPort);
    clients.push(flooder);
    expect(greeting).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
    flooder.socket.write('x\n'.repeat(floodLines));
    await sleep(200);

    const connectedAt = Date.now();
    const other = await ChatClient.connect(cluster.chatAddress, cluster.chatPort);
    clients.push(other);
    expect(await other.firstLine(1000)).toBe(`WELCOME to SOCKET_GROUP on ${owner}`);
    const welcomeMs = Date.now() - connectedAt;
    console.log(`[chat-server-flood] WELCOME during the flood after ${welcomeMs} ms`);

    // Five IsAlive probes and ten LooksAlive polls while the flood is being taken.
    await sleep(5000);
    const state = await cluster.state();
    expect(state.resourceStatuses.get('Chat Server')).toMatchObject({ state: 'Online', node: owner, failures: [] });
    expect(groupOwner(state, 'SOCKET_GROUP')).toBe(owner);
    expect(groupState(state, 'SOCKET_GROUP')).toBe('Online');
    expect(chatProcesses(cluster.dataDir)).toEqual(chatBefore);

    // The flood is taken at the line rate (a burst, then a few a second), in order, while the other client chats.
    const floodSeen = flooder.lines.filter((line) => line.endsWith('] x')).length;
    expect(floodSeen).toBeGreaterThan(0);
    expect(floodSeen).toBeLessThan(floodLines / 10);
    other.send('heard over the flood');
    await other.waitForLine((line) => line.endsWith('heard over the flood'), 5000);
  }, 90_000);
});
