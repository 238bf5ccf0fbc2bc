/*
 * The embedded store compacts its change log (every 100 000 revisions on its own, or on
 * request). A process that was behind then cannot resume its watches: it must read the
 * state whole again. Here every follower of a running `npm start` cluster is frozen
 * (SIGSTOP: both wolfpackd, so the agents and the elected manager, and the server with its
 * live feed), the cluster is changed and the store compacted past what they had read, and
 * they are thawed. A follower that did not reload would go on with a dead watch: blind to
 * the change, to a move, to a control request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveFeed } from '@wolfpack/client';
import { groupOwner, groupState } from '@wolfpack/engine';
import { startServerCluster, type ServerCluster } from '@wolfpack/testing/server-cluster';
import { buildOnce } from '@wolfpack/testing/build';
import { greetingOf } from '@wolfpack/testing/chat-client';
import { clusterProcesses } from '@wolfpack/testing/processes';
import { waitUntil } from '@wolfpack/testing/conditions';
import { FrozenProcesses } from '@wolfpack/testing/freeze';

const group = 'SOCKET_GROUP';
const description = 'written while every follower was frozen, then compacted away';

describe('a compaction past every follower of the embedded cluster', () => {
  let server: ServerCluster;
  let feed: LiveFeed;
  const frozen = new FrozenProcesses();
  let owner = '';
  let compactedAt = 0;

  beforeAll(async () => {
    await buildOnce();
    // A long lease, so that the seconds frozen cost no node its lease: what is tested is the
    // watch, not fencing (fencing.test.ts freezes past the lease).
    server = await startServerCluster({ WOLFPACK_LEASE_TTL_MS: '10000' });
    owner = await server.cluster.waitFor(
      `${group} Online`,
      (state) => (groupState(state, group) === 'Online' && groupOwner(state, group)) || undefined,
    );
    feed = await server.admin.live();
    await feed.ready();
  }, 120_000);

  afterAll(async () => {
    frozen.thawAll();
    feed?.close();
    await server?.stop();
  });

  it('freezes both wolfpackd and the server, changes the cluster and compacts past them', async () => {
    const { cluster } = server;
    const serverPid = clusterProcesses(cluster.dataDir).find((info) =>
      info.command.includes('server/dist/server.mjs'),
    )?.pid;
    expect(serverPid, 'the server process').toBeDefined();
    frozen.freeze(await cluster.nodePid('OSDB_SERV'), await cluster.nodePid('OSDB_BACK'), serverPid!);
    const before = await cluster.store.revision();
    // Two revisions past anything a frozen process has read, so that its next one is gone.
    await cluster.command({ type: 'set-group-properties', name: group, description: 'first change while frozen' });
    await cluster.command({ type: 'set-group-properties', name: group, description });
    compactedAt = await cluster.store.revision();
    expect(compactedAt).toBeGreaterThanOrEqual(before + 2);
    await cluster.store.compact(compactedAt);
    // What a frozen follower's watch will ask for first is gone.
    let answer = (_outcome: string) => undefined as void;
    const outcome = new Promise<string>((resolve) => (answer = resolve));
    const probe = await cluster.store.watch(
      '/',
      { fromRevision: before + 1 },
      { onBatch: () => answer('delivered'), onError: (error) => answer(error.code) },
    );
    expect(await outcome).toBe('compacted');
    await probe.cancel();
    frozen.thawAll();
  });

  it('the server reloads: GET /cluster and a live client both show the change, and the live client equals GET /cluster', async () => {
    await waitUntil(
      'GET /cluster to show the change',
      async () => (await server.admin.groups.get(group)).description === description,
      20_000,
    );
    await feed.until((state) => state.groups.get(group)?.description === description, 20_000);
    // The live feed did hit the compaction (its reload is logged), so the above is its reload at work.
    expect(server.cluster.output.some((line) => line.includes('is compacted'))).toBe(true);
    await waitUntil(
      'the live state to equal GET /cluster',
      async () => {
        const fresh = await server.admin.cluster.get();
        const live = feed.state.snapshot();
        return (
          JSON.stringify([live.nodes, live.groups, live.resources]) ===
          JSON.stringify([fresh.nodes, fresh.groups, fresh.resources])
        );
      },
      20_000,
    );
  });

  it('the owning agent still answers a control code (its control mailbox watch came back)', async () => {
    const reply = await server.admin.resources.control('Chat Server', { code: 'connected-users' });
    expect(reply).toMatchObject({ resource: 'Chat Server', code: 'connected-users', node: owner });
  });

  it('a move still works end to end: the manager places, the agents act, the chat greets from the new node, the live client follows', async () => {
    const to = owner === 'OSDB_SERV' ? 'OSDB_BACK' : 'OSDB_SERV';
    await server.admin.groups.move(group, { node: to });
    const { greeting, client } = await greetingOf(server.cluster.chatAddress, server.cluster.chatPort, 30_000);
    client.close();
    // The first greeting may still come from the old owner, just before it lets go.
    const greeted = greeting.endsWith(to)
      ? greeting
      : await waitUntil(
          `a greeting from ${to}`,
          async () => {
            const next = await greetingOf(server.cluster.chatAddress, server.cluster.chatPort, 30_000);
            next.client.close();
            return next.greeting.endsWith(to) && next.greeting;
          },
          30_000,
        );
    expect(greeted).toBe(`WELCOME to ${group} on ${to}`);
    await feed.until(
      (state) => state.groups.get(group)?.ownerNode === to && state.groups.get(group)?.state === 'Online',
      20_000,
    );
    expect((await server.admin.groups.get(group)).ownerNode).toBe(to);
  });
});
