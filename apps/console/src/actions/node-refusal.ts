import type { ClusterCache } from '../live/cluster-cache.ts';

/** Why a node cannot take a group now, as the server would say it (it stays the judge). */
export function nodeRefusal(cluster: ClusterCache, group: string, node: string): string | undefined {
  const view = cluster.nodes.get(node);
  if (!view) return `Node ${node} does not exist`;
  if (view.state === 'Down') return `${node} is Down`;
  if (view.paused || view.state === 'Paused') return `${node} is Paused`;
  for (const resource of cluster.resources.values()) {
    if (resource.group !== group) continue;
    if (resource.possibleOwners.length > 0 && !resource.possibleOwners.includes(node)) {
      return `${node} is not a possible owner of ${resource.name}`;
    }
  }
  return undefined;
}
