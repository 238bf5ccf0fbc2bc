import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHostBundle, contextFor, fixture, startHost } from './helpers.ts';

/** The q-quantile of sorted samples. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(3)} ms, p95 ${quantile(sorted, 0.95).toFixed(3)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(3)} ms (n=${sorted.length})`;
}

// Measures, prints, asserts only correctness: timings vary with the machine.
describe('resource host latency (printed, not asserted)', () => {
  beforeAll(buildHostBundle);

  it('measures host start time and looksAlive round trips', async () => {
    const starts: number[] = [];
    for (let round = 0; round < 10; round++) {
      const began = performance.now();
      const { host } = await startHost(`start-${round}`);
      starts.push(performance.now() - began);
      await host.kill();
    }

    const { host } = await startHost('latency');
    try {
      await host.open('Chat Server', fixture('steady.mjs'), contextFor('Chat Server'), 5_000);
      await host.online('Chat Server', 5_000);
      const roundTrips: number[] = [];
      for (let call = 0; call < 1_100; call++) {
        const began = performance.now();
        expect(await host.looksAlive('Chat Server', 5_000)).toBe(true);
        if (call >= 100) roundTrips.push(performance.now() - began); // the first 100 warm up the JIT
      }
      console.log(`resource host start (spawn → ready): ${summary(starts)}`);
      console.log(`looksAlive round trip: ${summary(roundTrips)}`);
    } finally {
      await host.kill();
    }
  });
});
