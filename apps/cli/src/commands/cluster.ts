import type { Command } from 'commander';
import { actionModule, runs } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack cluster get|set`: Cluster Properties (the cluster's own record). */
export function registerCluster(program: Command): void {
  const load = actionModule('cluster.ts', () => import('../actions/cluster.ts'));
  const cluster = program.command('cluster').description("the cluster's own properties: get, set");
  runs(
    calls(
      cluster
        .command('get')
        .argument('[property]', 'one property: its value alone')
        .description('name, description, node lease TTL, DNS address and port'),
      'cluster.properties',
    ),
    load,
    'get',
  );
  runs(
    calls(
      cluster
        .command('set')
        .argument('<property=value...>', 'description, nodeLeaseTtlMs, dnsAddress, dnsPort')
        .description("change the description, node lease TTL or the DNS responder's address and port"),
      'cluster.update',
    ),
    load,
    'set',
  );
}
