import { useQuery } from '@tanstack/react-query';
import type { ClusterEventRecord, GroupView, NodeView, ResourceTypeView, ResourceView } from '@wolfpack/contracts';
import { client } from '../api/index.ts';
import type { ClusterCache, ObjectChangeKind } from './cluster-cache.ts';
import { clusterQueryOptions } from './cluster-query.ts';
import { mergeEvents } from './event-log.ts';
import { readCluster, useLive } from './live-provider.tsx';
import { queryKeys } from './query-keys.ts';
import { useQueryClient } from '@tanstack/react-query';

/**
 * The cluster from the live stream, or a part of it through `select` (re-renders only
 * when the selected value changes identity).
 */
export function useCluster<T = ClusterCache>(select?: (cache: ClusterCache) => T) {
  const { sync } = useLive();
  return useQuery({ ...clusterQueryOptions(sync, readCluster), ...(select ? { select } : {}) });
}

function useObject<T>(kind: ObjectChangeKind, name: string | undefined) {
  const { sync } = useLive();
  const map = (cache: ClusterCache | undefined) =>
    cache === undefined || name === undefined
      ? undefined
      : (({ node: cache.nodes, group: cache.groups, resource: cache.resources, resourceType: cache.resourceTypes }[
          kind
        ].get(name) ?? null) as T | null);
  return useQuery<T | null>({
    queryKey: [kind, name ?? ''],
    // Stream-fed: the value comes from the cluster cache, never from a separate read.
    queryFn: async () => {
      await sync.nextSnapshot();
      return map(sync.cluster) ?? null;
    },
    initialData: () => map(sync.cluster),
    enabled: name !== undefined,
    staleTime: Infinity,
  });
}

/** One node's view, live; null once it is deleted. */
export const useNodeView = (name: string | undefined) => useObject<NodeView>('node', name);
/** One group's view, live; null once it is deleted. */
export const useGroupView = (name: string | undefined) => useObject<GroupView>('group', name);
/** One resource's view, live; null once it is deleted. */
export const useResourceView = (name: string | undefined) => useObject<ResourceView>('resource', name);
/** One resource type's view, live; null once it is removed. */
export const useResourceTypeView = (name: string | undefined) => useObject<ResourceTypeView>('resourceType', name);

/** The event log: the history read once from GET /events, then the live stream's lines appended. */
export function useEventLog() {
  const queryClient = useQueryClient();
  return useQuery<ClusterEventRecord[]>({
    queryKey: queryKeys.events,
    queryFn: async () => {
      const history = await client.events.list({ limit: 1000 });
      return mergeEvents(queryClient.getQueryData<ClusterEventRecord[]>(queryKeys.events), history);
    },
    staleTime: Infinity,
  });
}
