import { keys, nameOfKey } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import type { WatchEvent } from '@wolfpack/store';

/**
 * Whether a batch of changes can change what this node's reconcile pass does. Most
 * writes at scale are other nodes' resource statuses; a pass costs time in proportion to
 * the cluster, and with every agent running one per write, 16 agents on 2 cores fell
 * seconds behind and missed their lease renewals. Another node's resource status matters
 * here only for a group placed here (waiting for the old owner to let go) or a resource
 * this node still holds. Everything else (config, placements, nodes, intents) counts.
 * An empty batch is a full reload: it always counts.
 */
export function concernsNode(
  state: ClusterState,
  node: string,
  heldHere: ReadonlyMap<string, unknown>,
  events: readonly WatchEvent[],
): boolean {
  if (events.length === 0) return true;
  return events.some((event) => {
    const key = event.kv.key;
    if (!key.startsWith(keys.resourceStatuses)) return true;
    const resource = nameOfKey(key);
    if (heldHere.has(resource)) return true;
    const group = state.resources.get(resource)?.group;
    return group === undefined || state.placements.get(group)?.node === node;
  });
}
