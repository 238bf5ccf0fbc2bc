import type { QueryClient } from '@tanstack/react-query';
import { cacheFromSnapshot, type ClusterCache } from './cluster-cache.ts';
import type { LiveSync } from './live-sync.ts';

/** Caches the live stream delivered as the server's truth (snapshots): they may go back in revision. */
const authoritative = new WeakSet<ClusterCache>();

/** Marks a cache as a snapshot from the stream, which replaces whatever the cache held. */
export function markAuthoritative(cache: ClusterCache): ClusterCache {
  authoritative.add(cache);
  return cache;
}

/**
 * The structural-sharing rule of ['cluster']: a write never takes the cache back to an
 * older revision (a slow REST read answering after the stream moved on), except a
 * snapshot from the stream, which is the server's whole truth. Same revision: keep the
 * old object, so nothing re-renders.
 */
export function keepNewest(previous: unknown, next: unknown): unknown {
  const old = previous as ClusterCache | undefined;
  const candidate = next as ClusterCache;
  if (authoritative.has(candidate)) return candidate;
  if (old !== undefined && old.revision >= candidate.revision) return old;
  return candidate;
}

/** How long to wait for the stream's snapshot before reading GET /cluster instead. */
export const snapshotPatienceMs = 4000;

/**
 * The ['cluster'] query: fed by the live stream (staleTime Infinity, never refetched);
 * its query function only waits for the first snapshot, and reads GET /cluster if the
 * socket is slow to come, so the console shows the cluster even while the stream is down.
 */
export function clusterQueryOptions(
  sync: LiveSync,
  readCluster: () => Promise<Parameters<typeof cacheFromSnapshot>[0]>,
) {
  return {
    queryKey: ['cluster'] as const,
    queryFn: async (): Promise<ClusterCache> => {
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, snapshotPatienceMs, 'timeout'));
      const first = await Promise.race([sync.nextSnapshot(), timeout]);
      if (first !== 'timeout') return { ...(sync.cluster ?? first) };
      return cacheFromSnapshot(await readCluster());
    },
    staleTime: Infinity,
    gcTime: Infinity,
    structuralSharing: keepNewest,
    retry: 3,
  };
}

/** Sets the structural-sharing rule as the ['cluster'] query's default, so setQueryData obeys it too. */
export function installClusterDefaults(queryClient: QueryClient): void {
  queryClient.setQueryDefaults(['cluster'], { staleTime: Infinity, gcTime: Infinity, structuralSharing: keepNewest });
}
