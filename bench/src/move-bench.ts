import { performance } from 'node:perf_hooks';
import { waitForGreeting } from '@wolfpack/testing/greeting-probe';
import type { BenchOptions, BenchReport } from './report.ts';
import { seedGroup, seedNodes, startSeedCluster } from './seed-cluster.ts';
import { summarize } from './stats.ts';
import { eventsSince, firstTime, lastTime, Phases } from './timeline.ts';

/**
 * Planned move of SOCKET_GROUP between OSDB_SERV and OSDB_BACK, alternating: from
 * executeCommand(move-group) to a new TCP connection greeted by the new node.
 */
export async function benchMove(options: BenchOptions): Promise<BenchReport> {
  const cluster = await startSeedCluster();
  try {
    const totals: number[] = [];
    const phases = new Phases();
    let owner = await cluster.waitStable();
    options.log(`move: cluster up, ${seedGroup} on ${owner}; ${options.runs} runs`);
    for (let run = 1; run <= options.runs; run++) {
      const target = seedNodes.find((node) => node !== owner)!;
      const since = await cluster.store.revision();
      const wallStart = Date.now();
      const start = performance.now();
      await cluster.command({ type: 'move-group', name: seedGroup, node: target });
      const commandDone = performance.now();
      const greeting = await waitForGreeting(
        cluster.chatAddress,
        cluster.chatPort,
        (line) => line === `WELCOME to ${seedGroup} on ${target}`,
      );
      const total = greeting.at - start;
      totals.push(total);

      owner = await cluster.waitStable();
      if (owner !== target) throw new Error(`move run ${run}: ${seedGroup} ended on ${owner}, not ${target}`);
      const events = await eventsSince(cluster.store, since);
      const placed = firstTime(events, { kind: 'placement', object: seedGroup, reason: 'move' });
      const released = lastTime(events, {
        kind: 'state',
        to: 'Offline',
        node: seedNodes.find((node) => node !== target)!,
      });
      const chatOnline = firstTime(events, { object: 'Chat Server', to: 'Online', node: target });
      const providersOnline = Math.max(
        ...['Chat IP Address', 'Chat Network Name', 'Chat Disk'].map((object) =>
          firstTime(events, { object, to: 'Online', node: target }),
        ),
      );
      phases.add('command (executeCommand returns)', commandDone - start);
      phases.add('decide (command → placement event)', placed - wallStart);
      phases.add('release (placement → old node all Offline)', released - placed);
      phases.add('acquire providers (old Offline → IP, Name, Disk Online)', providersOnline - released);
      phases.add('start chat process (providers → Chat Server Online)', chatOnline - providersOnline);
      phases.add('client (Chat Server Online → greeting)', greeting.wallAt - chatOnline);
      options.log(
        `move ${run}/${options.runs}: → ${target} ${total.toFixed(0)} ms (${greeting.attempts} connection attempts)`,
      );
    }
    return {
      title: 'Planned move of SOCKET_GROUP (move-group → new connection greeted by the new node)',
      rows: [summarize('planned move', totals)],
      phases: [...phases.samples].map(([name, samples]) => summarize(name, samples)),
      notes: [`alternating ${seedNodes.join(' ⇄ ')}; a new connection is tried every 5 ms`],
    };
  } finally {
    await cluster.stop();
  }
}
