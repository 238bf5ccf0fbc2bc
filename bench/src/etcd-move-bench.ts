import { performance } from 'node:perf_hooks';
import { waitForGreeting } from '@wolfpack/testing/greeting-probe';
import { etcdNodes, etcdSeedGroup, startEtcdSeedCluster, type EtcdSeedCluster } from './etcd-cluster.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { summarize } from './stats.ts';
import { eventsSince, firstTime, lastTime, Phases } from './timeline.ts';

/**
 * Planned move of SOCKET_GROUP on the 3-member etcd, round the three nodes: from
 * executeCommand(move-group) to a new TCP connection greeted by the new node.
 */
export async function benchEtcdMove(options: BenchOptions): Promise<BenchReport> {
  const cluster = await startEtcdSeedCluster();
  try {
    const totals: number[] = [];
    const phases = new Phases();
    let owner = await cluster.waitStable(60_000);
    options.log(
      `etcd move: cluster up (${cluster.etcd.settings.slice(0, 2).join(' ')}), ${etcdSeedGroup} on ${owner}; ${options.runs} runs`,
    );
    for (let run = 1; run <= options.runs; run++) {
      const target = etcdNodes[(etcdNodes.indexOf(owner) + 1) % etcdNodes.length]!;
      const since = await cluster.store.revision();
      const wallStart = Date.now();
      const start = performance.now();
      await cluster.command({ type: 'move-group', name: etcdSeedGroup, node: target });
      const commandDone = performance.now();
      const greeting = await waitForGreeting(
        cluster.chatAddress,
        cluster.chatPort,
        (line) => line === `WELCOME to ${etcdSeedGroup} on ${target}`,
      );
      totals.push(greeting.at - start);

      const after = await cluster.waitStable();
      if (after !== target) throw new Error(`etcd move run ${run}: ${etcdSeedGroup} ended on ${after}, not ${target}`);
      await splitMove(cluster, since, wallStart, owner, target, greeting.wallAt, phases, commandDone - start);
      options.log(`etcd move ${run}/${options.runs}: ${owner} → ${target} ${(greeting.at - start).toFixed(0)} ms`);
      owner = target;
    }
    return {
      title: 'etcd: planned move of SOCKET_GROUP (move-group → new connection greeted by the new node)',
      label: 'etcd',
      rows: [summarize('planned move (3-member etcd)', totals)],
      phases: [...phases.samples].map(([name, samples]) => summarize(name, samples)),
      facts: [
        ['etcd', `3 members on loopback, ${cluster.etcd.settings.slice(0, 2).join(' ')}`],
        ['node lease TTL', `${cluster.leaseTtlMs} ms, renewed every ${cluster.leaseTtlMs / 4} ms`],
      ],
      notes: [`round the nodes ${etcdNodes.join(' → ')}; a new connection is tried every 5 ms`],
    };
  } finally {
    await cluster.stop();
  }
}

/** Where a move's time went, from the event log (each event stamped by the process that made it). */
async function splitMove(
  cluster: EtcdSeedCluster,
  since: number,
  wallStart: number,
  from: string,
  to: string,
  greetedAt: number,
  phases: Phases,
  commandMs: number,
): Promise<void> {
  const events = await eventsSince(cluster.store, since);
  const placed = firstTime(events, { kind: 'placement', object: etcdSeedGroup, reason: 'move' });
  const released = lastTime(events, { kind: 'state', to: 'Offline', node: from });
  const providersOnline = Math.max(
    ...['Chat IP Address', 'Chat Network Name', 'Chat Disk'].map((object) =>
      firstTime(events, { object, to: 'Online', node: to }),
    ),
  );
  const chatOnline = firstTime(events, { object: 'Chat Server', to: 'Online', node: to });
  phases.add('command (executeCommand returns)', commandMs);
  phases.add('decide (command → placement event)', placed - wallStart);
  phases.add('release (placement → old node all Offline)', released - placed);
  phases.add('acquire providers (old Offline → IP, Name, Disk Online)', providersOnline - released);
  phases.add('start chat process (providers → Chat Server Online)', chatOnline - providersOnline);
  phases.add('client (Chat Server Online → greeting)', greetedAt - chatOnline);
}
