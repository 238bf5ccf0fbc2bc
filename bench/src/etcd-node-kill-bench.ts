import { performance } from 'node:perf_hooks';
import { nodeState } from '@wolfpack/engine';
import { waitForGreeting } from '@wolfpack/testing/greeting-probe';
import { etcdNodes, etcdSeedGroup, startEtcdSeedCluster } from './etcd-cluster.ts';
import { agentOf, formationMs, pause, placeForRun, watchStatusGone } from './node-kill-steps.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { summarize } from './stats.ts';
import { eventsSince, firstTime, Phases } from './timeline.ts';

/**
 * kill -9 of the wolfpackd that owns SOCKET_GROUP on the 3-member etcd, until a new
 * connection is greeted by another node. Odd runs kill the node that also runs the
 * failover manager, even runs another one. The killed agent is started again once its
 * lease is gone, and the next run waits for a stable cluster past its formation time.
 */
export async function benchEtcdNodeKill(options: BenchOptions): Promise<BenchReport> {
  const cluster = await startEtcdSeedCluster();
  try {
    const totals: number[] = [];
    const byManager = { killed: [] as number[], survived: [] as number[] };
    const phases = new Phases();
    let owner = await cluster.waitStable(60_000);
    await pause(cluster.startedAt + formationMs - Date.now());
    options.log(`etcd node-kill: cluster up, ${etcdSeedGroup} on ${owner}; ${options.runs} runs`);
    for (let run = 1; run <= options.runs; run++) {
      const placed = await placeForRun(cluster, etcdSeedGroup, etcdNodes, run, owner);
      owner = placed.owner;
      const manager = placed.manager;
      const { pid } = await agentOf(cluster.store, owner, `etcd node-kill run ${run}`);

      // When the dead node's status key is deleted (its lease expired), as a client sees it.
      const since = await cluster.store.revision();
      const statusGone = await watchStatusGone(cluster.store, owner, since + 1);

      const wallStart = Date.now();
      const start = performance.now();
      await cluster.killAgent(owner);
      const greeting = await waitForGreeting(
        cluster.chatAddress,
        cluster.chatPort,
        (line) => line.startsWith(`WELCOME to ${etcdSeedGroup} on `) && !line.endsWith(` ${owner}`),
      );
      const total = greeting.at - start;
      const greeter = greeting.line.slice(greeting.line.lastIndexOf(' ') + 1);
      totals.push(total);
      (manager === owner ? byManager.killed : byManager.survived).push(total);

      options.log(
        `etcd node-kill ${run}/${options.runs}: ${owner} killed${manager === owner ? ' (the manager)' : ''} → ${greeter} greets after ${total.toFixed(0)} ms`,
      );

      // The node comes back as a new member, as systemd's Restart= would bring it.
      await cluster.waitFor(`${owner}'s lease gone`, (state) => nodeState(state, owner) === 'Down');
      await statusGone.cancel();
      cluster.startAgent(owner);
      await cluster.waitFor(
        `${owner} Up again`,
        (state) => nodeState(state, owner) === 'Up' && state.nodeStatuses.get(owner)?.pid !== pid,
      );
      owner = await cluster.waitStable();
      // The event log is read once the group is stable: a client may be greeted a moment before Online is written.
      const events = await eventsSince(cluster.store, since);
      const placedAt = firstTime(events, { kind: 'failover', object: etcdSeedGroup, reason: 'node-down' });
      const chatOnline = firstTime(events, { object: 'Chat Server', to: 'Online', node: greeter });
      phases.add('lease expiry (kill → status key deleted, seen by a client)', statusGone.goneAt() - wallStart);
      phases.add('decide (status deleted → failover placement event)', placedAt - statusGone.goneAt());
      phases.add('bring online (placement → Chat Server Online)', chatOnline - placedAt);
      phases.add('client (Chat Server Online → greeting)', greeting.wallAt - chatOnline);
      // A restarted manager candidate holds a Down node's groups back for its first 3 TTLs.
      await pause(formationMs);
    }
    return {
      title: 'etcd: owning node agent killed (kill -9 wolfpackd → new connection greeted by another node)',
      label: 'etcd',
      rows: [
        summarize('owning wolfpackd kill -9 → failover (3-member etcd)', totals),
        summarize('… the killed node ran the manager', byManager.killed),
        summarize('… the manager ran on a survivor', byManager.survived),
      ],
      phases: [...phases.samples].map(([name, samples]) => summarize(name, samples)),
      facts: [
        ['etcd', `3 members on loopback, ${cluster.etcd.settings.slice(0, 2).join(' ')}`],
        ['node lease TTL', `${cluster.leaseTtlMs} ms, renewed every ${cluster.leaseTtlMs / 4} ms`],
      ],
      notes: [
        'etcd expires a lease one TTL after its last renewal (0.75-1 TTL after the kill) and revokes expired leases in a sweep every 500 ms',
        "the killed agent's resource host and chat process die with it (setpriv --pdeathsig); the etcd members keep running",
      ],
    };
  } finally {
    await cluster.stop();
  }
}
