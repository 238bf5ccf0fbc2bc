/** Live state: the client's `/live` feed written into the query cache, and the hooks that read it. */
export {
  applyLiveChanges,
  cacheFromSnapshot,
  snapshotFromCache,
  type AppliedBatch,
  type ClusterCache,
  type ObjectChangeKind,
} from './cluster-cache.ts';
export { clusterQueryOptions, keepNewest, markAuthoritative } from './cluster-query.ts';
export { eventIdentity, eventLogCapacity, mergeEvents } from './event-log.ts';
export { LiveConnection, liveBatchMark, type LiveFeedPort, type LiveStatus } from './live-connection.ts';
export { LiveProvider, useLive, useLiveStatus } from './live-provider.tsx';
export { LiveSync, type LiveSyncStats } from './live-sync.ts';
export { useCluster, useEventLog, useGroupView, useNodeView, useResourceTypeView, useResourceView } from './hooks.ts';
export { queryKeys } from './query-keys.ts';
