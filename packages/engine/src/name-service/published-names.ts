import type { ClusterState } from '../model/cluster-state.ts';

/** The form names are looked up in: lower case, without a trailing dot (DNS names are case-insensitive). */
export function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}

/**
 * The DNS names the cluster answers for: name (normalized) → IPv4 addresses, from the
 * dns-a records of every resource whose observed state is Online.
 */
export function publishedNames(state: ClusterState): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const status of state.resourceStatuses.values()) {
    if (status.state !== 'Online') continue;
    for (const record of status.published ?? []) {
      if (record.kind !== 'dns-a') continue;
      const name = normalizeDnsName(record.name);
      const addresses = names.get(name) ?? [];
      if (!addresses.includes(record.address)) addresses.push(record.address);
      names.set(name, addresses);
    }
  }
  for (const addresses of names.values()) addresses.sort();
  return names;
}
