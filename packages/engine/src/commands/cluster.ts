import { ClusterConfig, CommandError, keys } from '@wolfpack/contracts';
import { validateAgainst } from '../validation/index.ts';
import { invalid, type CommandHandler } from './outcome.ts';

/*
 * The cluster's own properties (Cluster Properties in Cluster Administrator). The
 * record is read by the failover manager, which moves its DNS responder to the new
 * address and port at once, and by each wolfpackd when it starts, which takes the node
 * lease TTL from it: a running node keeps the lease it joined with, because its store
 * client's call timeouts and its resource hosts' fence deadlines were set for that TTL.
 */

/** The fields set-cluster-properties may change, in the order messages name them. */
const changeable = ['description', 'nodeLeaseTtlMs', 'dnsAddress', 'dnsPort'] as const;

export const setClusterProperties: CommandHandler<'set-cluster-properties'> = (context, command) => {
  context.guard(keys.cluster);
  const config = context.state.config;
  if (!config)
    throw new CommandError(
      'not-found',
      'the cluster has no record yet: it is written when the cluster is first started (seeded)',
    );
  const changed: ClusterConfig = { ...config };
  const fields: string[] = [];
  for (const field of changeable) {
    const value = command[field];
    if (value === undefined) continue;
    (changed as Record<string, unknown>)[field] = value;
    if (value !== config[field]) fields.push(field);
  }
  // The command's schema is stricter than the record's; this catches a record that was
  // already out of bounds (written by hand) before it is written back.
  const errors = validateAgainst(ClusterConfig, changed);
  if (errors.length > 0) throw invalid(`cluster ${config.name}`, errors);
  const object = { kind: 'cluster' as const, name: config.name };
  if (fields.length === 0)
    return { object, message: `cluster ${config.name} already has those properties`, noop: true };
  context.put(keys.cluster, changed);
  const later = fields.includes('nodeLeaseTtlMs')
    ? ' (the lease TTL applies to each node when its wolfpackd next starts)'
    : '';
  return { object, message: `set properties of cluster ${config.name}: ${fields.join(', ')}${later}` };
};
