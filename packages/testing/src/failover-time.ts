import { expect } from 'vitest';
// The bench's probe too, so a test measures the very quantity whose p50 the bounds are set from.
import { waitForGreeting } from './greeting-probe.ts';

/*
 * How long a failover may take in the real-process tests (seed-scenario here, cluster-local
 * on etcd), measured as a user notices it: from the action (the move command sent, the
 * kill -9 sent) to a new TCP connection greeted by the expected node. Loose on purpose:
 * these run on a shared, loaded 2-core machine, where today's times double or triple, yet
 * an order-of-magnitude regression fails (the 10 s Disk-lock outliers of docs/benchmarks.md,
 * "Slow spots and bugs found" 1, were found by the bench, not by a test).
 */

/**
 * Planned move → greeted by the new node. ~10× the bench's p50: 159 ms embedded
 * (docs/benchmarks.md, "Results", re-run of 2026-11-25), 144 ms on etcd ("Distributed mode
 * on etcd", after the store picks etcd members).
 */
export const plannedMoveBoundMs = 2000;

/**
 * Chat process kill -9 → greeted again by a restarted process on the same node. ~15× the
 * bench's p50 of 116 ms (docs/benchmarks.md, "Results", re-run of 2026-11-25; embedded: the
 * etcd bench has no crash run, the restart in place is the same path bar the status writes).
 */
export const chatCrashBoundMs = 2000;

/**
 * Owning wolfpackd kill -9 → greeted by another node. ~4× the bench's p50: 1119 ms embedded
 * (docs/benchmarks.md, "Results", re-run of 2026-11-25), 1282 ms on etcd ("Distributed mode
 * on etcd", after the store picks etcd members). Less than 10× because most of it is the
 * 1 s lease TTL, which does not grow with load; the rest (~0.2 s) may grow twentyfold.
 */
export const nodeKillBoundMs = 5000;

/**
 * Starts probing `host:port` at once with new connections (every 5 ms, up to 3 at a time,
 * as the bench does) until one is greeted with a line `accept` takes; resolves to that line
 * and the milliseconds since `since` (a performance.now() taken just before the action).
 * Call it right after the action, never before (a crashed chat server's old process would
 * greet at once), and await it after the test's own waits: it records when the greeting
 * came, not when it is awaited. Gives up after `timeoutMs`, well past the bounds, so a
 * slow failover fails on its time, not on a timeout.
 */
export function greetedAfter(
  since: number,
  host: string,
  port: number,
  accept: (line: string) => boolean,
  timeoutMs = 30_000,
): Promise<{ line: string; ms: number }> {
  const greeted = waitForGreeting(host, port, accept, { timeoutMs }).then((greeting) => ({
    line: greeting.line,
    ms: greeting.at - since,
  }));
  // Awaited later; a test that fails before then must not leave an unhandled rejection behind.
  greeted.catch(() => undefined);
  return greeted;
}

/** Fails unless the failover took at most `boundMs`, saying what it was, its time and its bound. */
export function expectFailoverWithin(what: string, ms: number, boundMs: number): void {
  expect(
    ms,
    `${what} took ${Math.round(ms)} ms; the bound is ${boundMs} ms (a multiple of the bench's p50: packages/testing/src/failover-time.ts)`,
  ).toBeLessThanOrEqual(boundMs);
}
