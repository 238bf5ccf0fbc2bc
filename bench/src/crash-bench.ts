import { performance } from 'node:perf_hooks';
import { waitForGreeting } from '@wolfpack/testing/greeting-probe';
import { chatProcesses } from './processes.ts';
import type { BenchOptions, BenchReport } from './report.ts';
import { seedGroup, startSeedCluster } from './seed-cluster.ts';
import { summarize } from './stats.ts';
import { eventsSince, firstTime, Phases } from './timeline.ts';

/**
 * Chat process crash: kill -9 of the chat server process, until a new connection is
 * greeted again. RestartThreshold is raised to 1000 first, so every crash is a restart
 * on the same node, never a failover.
 */
export async function benchCrash(options: BenchOptions): Promise<BenchReport> {
  const cluster = await startSeedCluster();
  try {
    await cluster.command({ type: 'set-resource-properties', name: 'Chat Server', common: { restartThreshold: 1000 } });
    const totals: number[] = [];
    const phases = new Phases();
    let owner = await cluster.waitStable();
    options.log(`crash: cluster up, ${seedGroup} on ${owner}; ${options.runs} runs`);
    for (let run = 1; run <= options.runs; run++) {
      const pids = chatProcesses(cluster.dataDir);
      if (pids.length !== 1)
        throw new Error(`crash run ${run}: expected one chat process, found ${pids.length} (${pids.join(', ')})`);
      const pid = pids[0]!;
      const since = await cluster.store.revision();
      const wallStart = Date.now();
      const start = performance.now();
      process.kill(pid, 'SIGKILL');
      const greeting = await waitForGreeting(
        cluster.chatAddress,
        cluster.chatPort,
        (line) => line === `WELCOME to ${seedGroup} on ${owner}`,
      );
      const total = greeting.at - start;
      totals.push(total);

      const after = await cluster.waitStable();
      if (after !== owner) throw new Error(`crash run ${run}: ${seedGroup} moved to ${after}: a restart was expected`);
      const events = await eventsSince(cluster.store, since);
      const failed = firstTime(events, { object: 'Chat Server', to: 'Failed', node: owner });
      const online = firstTime(events, { object: 'Chat Server', to: 'Online', node: owner });
      phases.add('detect (kill → Chat Server Failed event)', failed - wallStart);
      phases.add('restart (Failed → Online: new chat process listening)', online - failed);
      phases.add('client (Online → greeting)', greeting.wallAt - online);
      options.log(`crash ${run}/${options.runs}: ${total.toFixed(0)} ms`);
      owner = after;
    }
    return {
      title: 'Chat process crash (kill -9 → new connection greeted again, restart on the same node)',
      rows: [summarize('chat process crash', totals)],
      phases: [...phases.samples].map(([name, samples]) => summarize(name, samples)),
      notes: ['Chat Server restartThreshold set to 1000 (common property), so every crash restarts in place'],
    };
  } finally {
    await cluster.stop();
  }
}
