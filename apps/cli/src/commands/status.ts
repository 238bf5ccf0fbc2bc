import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack status` (one screen of the whole cluster) and `wolfpack health`. */
export function registerStatus(program: Command): void {
  const load = actionModule('status.ts', () => import('../actions/status.ts'));
  runs(
    calls(
      program
        .command('status')
        .description('the cluster on one screen: nodes, groups and their resources, with state and owner')
        .option('--watch', 'keep the screen current from the live stream (Ctrl-C to stop)'),
      'cluster.get',
    ),
    load,
    'status',
  );
  runs(
    calls(
      program
        .command('health')
        .description('is the server working, and at which store revision (exit 1 when degraded)'),
      'health.get',
    ),
    load,
    'health',
  );
}
