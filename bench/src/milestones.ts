import { performance } from 'node:perf_hooks';
import type { ClusterState } from '@wolfpack/engine';
import type { AgentSupervisor } from './scale-agents.ts';

export interface MilestoneResult {
  /** Milliseconds after `since` when each milestone first held; absent when it never did. */
  reached: Record<string, number>;
  /** Set when time ran out first: the progress at that moment. */
  timedOut?: string;
}

/**
 * Follows the cluster until every milestone holds (checked every 100 ms), noting when
 * each first held; logs progress every 10 s. Gives up after timeoutMs, saying how far
 * it got.
 */
export async function milestones(
  state: () => ClusterState,
  agents: AgentSupervisor,
  log: (message: string) => void,
  since: number,
  checks: Record<string, (state: ClusterState) => boolean>,
  timeoutMs: number,
  progress: (state: ClusterState) => string,
): Promise<MilestoneResult> {
  const reached: Record<string, number> = {};
  let lastLog = performance.now();
  for (;;) {
    const current = state();
    for (const [name, check] of Object.entries(checks))
      if (reached[name] === undefined && check(current)) reached[name] = performance.now() - since;
    if (Object.keys(reached).length === Object.keys(checks).length) return { reached };
    const now = performance.now();
    const missing = Object.keys(checks)
      .filter((name) => reached[name] === undefined)
      .join(', ');
    if (now - since > timeoutMs)
      return {
        reached,
        timedOut: `${missing} not reached within ${(timeoutMs / 1000).toFixed(0)} s: ${progress(current)}`,
      };
    if (now - lastLog > 10_000) {
      log(
        `  … waiting for ${missing}: ${progress(current)}; so far ${agents.fencings} fencings, ${agents.crashes.length} agent crashes; after ${((now - since) / 1000).toFixed(0)} s`,
      );
      lastLog = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
