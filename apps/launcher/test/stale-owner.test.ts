import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrozenProcesses } from '@wolfpack/testing/freeze';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { groupOwner, groupResources, groupState, nodeState, type ClusterState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { type ChatClient, greetingOf } from '@wolfpack/testing/chat-client';
import { ancestorsOf, clusterProcesses, isRunning } from '@wolfpack/testing/processes';
import { waitUntil } from '@wolfpack/testing/conditions';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { chatProcesses } from './harness/ownership-watcher.ts';

/*
 * fencing.test.ts freezes only the owner's wolfpackd: its resource host then fences the
 * chat process itself. Here the whole node stops (wolfpackd, its resource host and the
 * chat process, SIGSTOP) past its lease, so nothing on it fences anything: the group
 * moves, and the old chat process wakes up later believing it still owns the disk. The
 * last line of defence is the chat process's own check of the Disk reservation before
 * each write: it must refuse the write and exit, and the history must hold nothing of it.
 *
 * On one machine the frozen process still holds its listening socket, which on real hosts
 * would be another machine's; the test moves the Chat Server to a port of its own while
 * the old owner is frozen, so the new owner can listen and the old one stays reachable by
 * the client that was talking to it.
 */

/** Every resource of SOCKET_GROUP Online with a status written by `node`. */
function servedBy(state: ClusterState, node: string): boolean {
  if (groupOwner(state, 'SOCKET_GROUP') !== node || groupState(state, 'SOCKET_GROUP') !== 'Online') return false;
  return groupResources(state, 'SOCKET_GROUP').every((resource) => {
    const status = state.resourceStatuses.get(resource.name);
    return status?.node === node && status.state === 'Online';
  });
}

/** The chat history file on the group's disk, as any node would read it. */
function historyLines(state: ClusterState): string[] {
  const disk = state.resources.get('Chat Disk')?.private.Path;
  const share = state.resources.get('Chat Server')?.private.ShareName ?? 'chat';
  const file = join(String(disk), String(share), 'history.log');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

describe("a stale owner's write, end to end", () => {
  let cluster: EmbeddedCluster;
  const frozen = new FrozenProcesses();
  let staleClient: ChatClient | undefined;
  let newClient: ChatClient | undefined;
  let stalePid = 0;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
  }, 120_000);

  afterAll(async () => {
    staleClient?.close();
    newClient?.close();
    frozen.thawAll();
    await cluster?.stop();
  });

  it('freezes the whole owning node past its lease; the group moves to OSDB_BACK and takes chat lines there', async () => {
    await cluster.waitFor('SOCKET_GROUP served by OSDB_SERV', (state) => servedBy(state, 'OSDB_SERV'));
    const greeted = await greetingOf(cluster.chatAddress, cluster.chatPort);
    staleClient = greeted.client;
    expect(greeted.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_SERV');
    staleClient.send('written before the freeze');
    await staleClient.waitForLine((line) => line.endsWith('written before the freeze'));

    const [chatPid] = chatProcesses(cluster.dataDir);
    stalePid = chatPid!;
    const agentPid = await cluster.nodePid('OSDB_SERV');
    // Every process of the node: its wolfpackd and all that descends from it.
    const nodeProcesses = clusterProcesses(cluster.dataDir).filter(
      (info) => info.pid === agentPid || ancestorsOf(info.pid).includes(agentPid),
    );
    expect(nodeProcesses.map((info) => info.pid)).toContain(stalePid);
    expect(nodeProcesses.some((info) => info.command.includes('resource-host.mjs'))).toBe(true);
    // Children first, so that no process of the node is awake to fence another.
    frozen.freeze(
      ...nodeProcesses.map((info) => info.pid).sort((a, b) => ancestorsOf(b).length - ancestorsOf(a).length),
    );

    const newPort = await freeTcpPort(cluster.chatAddress);
    await cluster.command({ type: 'set-resource-properties', name: 'Chat Server', private: { Port: newPort } });
    await cluster.waitFor('OSDB_SERV Down', (state) => nodeState(state, 'OSDB_SERV') === 'Down');
    await cluster.waitFor('SOCKET_GROUP served by OSDB_BACK', (state) => servedBy(state, 'OSDB_BACK'));

    const moved = await greetingOf(cluster.chatAddress, newPort);
    newClient = moved.client;
    expect(moved.greeting).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    await newClient.waitForLine((line) => line.endsWith('written before the freeze'));
    for (const text of ['first line on OSDB_BACK', 'second line on OSDB_BACK']) {
      newClient.send(text);
      await newClient.waitForLine((line) => line.endsWith(text));
    }
    // The old process is still there, frozen, believing it owns the disk.
    expect(isRunning(stalePid)).toBe(true);
  });

  it("the old chat process, thawed, refuses its client's write naming the new owner, and exits", async () => {
    const reservation = JSON.parse(
      readFileSync(
        join(String((await cluster.state()).resources.get('Chat Disk')?.private.Path), '.wolfpack-reservation.json'),
        'utf8',
      ),
    ) as { node: string; epoch: number };
    expect(reservation.node).toBe('OSDB_BACK');
    // Sent while the process is still frozen: the kernel holds it until the process runs.
    staleClient!.send('stale write after the move');
    // Only the chat process wakes; its node's agent and resource host stay frozen, so
    // nobody but the process itself can stop this write.
    frozen.thaw(stalePid);
    const refusal = await staleClient!.waitForLine((line) => line.startsWith('ERROR'), 10_000);
    expect(refusal).toBe(`ERROR stale owner: the disk is reserved by OSDB_BACK epoch ${reservation.epoch}`);
    await staleClient!.waitForClose(10_000);
    await waitUntil(`stale chat process ${stalePid} to exit`, () => !isRunning(stalePid), 10_000);
    expect(staleClient!.lines.some((line) => line.includes('stale write after the move'))).toBe(false);
  });

  it("nothing the stale owner was sent after the move is on the shared disk; the new owner's lines are", async () => {
    const lines = historyLines(await cluster.state());
    expect(lines.map((line) => line.replace(/^\[[^\]]*\] /, ''))).toEqual([
      'written before the freeze',
      'first line on OSDB_BACK',
      'second line on OSDB_BACK',
    ]);
  });

  it('the rest of the old node wakes up, fences, rejoins as a member, and the group stays on OSDB_BACK', async () => {
    frozen.thawAll();
    await cluster.waitFor('OSDB_SERV Up again', (state) => nodeState(state, 'OSDB_SERV') === 'Up');
    expect(cluster.output.some((line) => line.includes('[OSDB_SERV] FENCING'))).toBe(true);
    const state = await cluster.state();
    expect(servedBy(state, 'OSDB_BACK')).toBe(true);
    expect(chatProcesses(cluster.dataDir)).toHaveLength(1);
    newClient!.send('after the old node came back');
    await newClient!.waitForLine((line) => line.endsWith('after the old node came back'));
    expect(historyLines(await cluster.state()).some((line) => line.includes('stale write'))).toBe(false);
  });
});
