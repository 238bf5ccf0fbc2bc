import type { Command } from 'commander';
import { lazy } from '../action.ts';
import { calls } from '../command-endpoints.ts';

/** `wolfpack cluster get|set`: Cluster Properties (the cluster's own record). */
export function registerCluster(program: Command): void {
  const load = async () => import('../actions/cluster.ts');
  const cluster = program.command('cluster').description('the cluster\'s own properties: get, set');
  calls(
    cluster.command('get').argument('[property]', 'one property: its value alone').description('name, description, node lease TTL, DNS address and port'),
    'cluster.properties',
  ).action(lazy(async () => (await load()).get));
  calls(
    cluster
      .command('set')
      .argument('<property=value...>', 'description, nodeLeaseTtlMs, dnsAddress, dnsPort')
      .description('change the description, node lease TTL or the DNS responder\'s address and port'),
    'cluster.update',
  ).action(lazy(async () => (await load()).set));
}
