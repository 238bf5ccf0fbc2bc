/*
 * The compaction test of apps/launcher/test/compaction.test.ts, on etcd (`npm run
 * cluster:local`: 3 members, 3 wolfpackd, the server). etcd keeps streaming to a watcher
 * whatever the revision, so a frozen process falls behind only once its streams are full:
 * etcd then sets its watchers aside as slow (etcd_debugging_mvcc_slow_watcher_total) and
 * catches them up from its history later — unless that history was compacted meanwhile,
 * when it cancels the watch with the compaction revision. The test writes until every
 * follower is slow, compacts, thaws, and checks that the cluster still works.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { connect, type LiveFeed, type WolfpackClient } from '@wolfpack/client';
import { keys } from '@wolfpack/contracts';
import { groupOwner, groupState } from '@wolfpack/engine';
import { memberText } from '@wolfpack/store-etcd/testing';
import { clusterNodes, readLocalClusterInfo } from '../src/index.ts';
import { greetingLine } from '@wolfpack/testing/chat-client';
import { waitUntil } from '@wolfpack/testing/conditions';
import { FrozenProcesses } from '@wolfpack/testing/freeze';
import { buildOnce, startLocalClusterRun, type LocalClusterRun } from './support/local-cluster-run.ts';
import { descendantsOf } from '@wolfpack/testing/processes';

const group = 'SOCKET_GROUP';
const description = 'written while every follower was frozen, then compacted away';
/** Keys no follower takes for state (an unknown collection, a control request that is no JSON), in the prefixes they watch. */
const fillers = {
  state: `${keys.stateRoot}compaction-test/filler`,
  control: `${keys.controlRequests}compaction-test-filler`,
};

type ClientCertificate = Parameters<typeof memberText>[2];

/** How many watchers etcd has set aside as slow (their stream full), over every member. */
async function slowWatchers(endpoints: string[], tls: ClientCertificate | undefined): Promise<number> {
  let total = 0;
  for (const endpoint of endpoints) {
    const metrics = (await memberText(endpoint, '/metrics', tls)) ?? '';
    total += Number(/^etcd_debugging_mvcc_slow_watcher_total (\S+)$/m.exec(metrics)?.[1] ?? 0);
  }
  return total;
}

describeWhen('etcd', 'a compaction past every follower of a cluster on etcd', () => {
  let run: LocalClusterRun;
  let admin: WolfpackClient;
  let feed: LiveFeed;
  const frozen = new FrozenProcesses();
  let owner = '';

  beforeAll(async () => {
    await buildOnce();
    // A long lease, so that the seconds frozen cost no node its lease (what is tested is the watches, not fencing).
    run = await startLocalClusterRun({ WOLFPACK_LEASE_TTL_MS: '20000' });
    owner = await run.waitFor(
      `${group} Online`,
      (state) => (groupState(state, group) === 'Online' && groupOwner(state, group)) || undefined,
      60_000,
    );
    await run.waitFor('every node Up', (state) =>
      clusterNodes.every((node) => state.nodeStatuses.get(node)?.phase === 'Up'),
    );
    admin = await connect({ url: run.consoleUrl, username: 'admin', password: 'cluster-local-test' });
    feed = await admin.live();
    await feed.ready();
  }, 120_000);

  afterAll(async () => {
    frozen.thawAll();
    feed?.close();
    // SIGTERM first: the nodes take their resources offline, so nothing writes to the data dir while it is removed.
    if (run && run.launcher.exitCode === null) {
      run.launcher.kill('SIGTERM');
      await Promise.race([run.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    }
    await run?.cleanUp();
  });

  it('freezes every wolfpackd and the server, writes until etcd holds their watchers back, and compacts past them', async () => {
    const info = readLocalClusterInfo(run.dataDir);
    const endpoints = info.etcd;
    const tls = info.etcdTls && {
      caFile: info.etcdTls.caFile,
      clientCertFile: info.etcdTls.certFile,
      clientKeyFile: info.etcdTls.keyFile,
    };
    const processes = descendantsOf(run.launcher.pid!).filter((p) =>
      /wolfpackd\.mjs --node |server\.mjs --etcd /.test(p.command),
    );
    expect(processes.length, processes.map((p) => p.command).join('\n')).toBe(clusterNodes.length + 1);
    const slowBefore = await slowWatchers(endpoints, tls);
    frozen.freeze(...processes.map((p) => p.pid));

    // Every watcher of those prefixes must be held back. First the control requests: each
    // agent's control mailbox and the server's live feed (which watches everything, and is the
    // server's only follower); then the state: each agent's state follower and the elected
    // manager's own.
    const value = 'x'.repeat(4096);
    let written = 0;
    const holdBack = async (key: string, watchers: number) => {
      while ((await slowWatchers(endpoints, tls)) < watchers) {
        expect(written, `etcd still streams to the frozen processes after ${written} writes`).toBeLessThan(20_000);
        for (let i = 0; i < 100; i++) await run.store.put(key, value);
        written += 100;
      }
    };
    await holdBack(fillers.control, slowBefore + clusterNodes.length + 1);
    await holdBack(fillers.state, slowBefore + clusterNodes.length + 1 + clusterNodes.length + 1);
    // A change they can learn only by reading the state again: their streams are held back.
    await run.command({ type: 'set-group-properties', name: group, description });
    await run.store.compact(await run.store.revision());
    for (const key of Object.values(fillers)) await run.store.delete(key);
    frozen.thawAll();
  }, 120_000);

  it('the server reloads: GET /cluster and a live client both show the change, and the live client equals GET /cluster', async () => {
    await waitUntil(
      'GET /cluster to show the change',
      async () => (await admin.groups.get(group)).description === description,
      30_000,
    );
    await feed.until((state) => state.groups.get(group)?.description === description, 30_000);
    await waitUntil(
      'the live state to equal GET /cluster',
      async () => {
        const fresh = await admin.cluster.get();
        const live = feed.state.snapshot();
        return (
          JSON.stringify([live.nodes, live.groups, live.resources]) ===
          JSON.stringify([fresh.nodes, fresh.groups, fresh.resources])
        );
      },
      30_000,
    );
    // The live feed's watch was cancelled for the compaction and read the state again (its reload is logged).
    expect(run.output.some((line) => line.includes('is compacted'))).toBe(true);
  });

  it('the owning agent still answers a control code (its control mailbox read the requests again)', async () => {
    const reply = await admin.resources.control('Chat Server', { code: 'connected-users' });
    expect(reply).toMatchObject({ resource: 'Chat Server', code: 'connected-users', node: owner });
  });

  it('a move still works end to end: the manager places, the agents act, the chat greets from the new node, the live client follows', async () => {
    const to = clusterNodes.find((node) => node !== owner)!;
    await admin.groups.move(group, { node: to });
    await run.waitFor(
      `${group} Online on ${to}`,
      (state) => groupState(state, group) === 'Online' && groupOwner(state, group) === to,
      30_000,
    );
    expect(await greetingLine(run.chatAddress, run.chatPort)).toBe(`WELCOME to ${group} on ${to}`);
    await feed.until(
      (state) => state.groups.get(group)?.ownerNode === to && state.groups.get(group)?.state === 'Online',
      20_000,
    );
  });
});
