/**
 * Every query key of the console, in one place. Stream-fed keys (cluster and the
 * per-object keys) are written by the live stream with setQueryData and never go stale;
 * panels may read them through the same QueryClient.
 */
export const queryKeys = {
  session: ['session'] as const,
  /** Why the last session ended, in the server's words (the login page says it), or null. Kept when the session's cache is emptied. */
  sessionEnded: ['sessionEnded'] as const,
  /** The whole cluster as a ClusterCache, at the revision the stream reached. */
  cluster: ['cluster'] as const,
  /** The cluster event log, newest last (ClusterEventRecord[]). */
  events: ['events'] as const,
  /** The cluster record (GET /cluster/properties): read when its sheet opens, refreshed when the stream logs a change of it. */
  clusterProperties: ['clusterProperties'] as const,
  node: (name: string) => ['node', name] as const,
  group: (name: string) => ['group', name] as const,
  resource: (name: string) => ['resource', name] as const,
  resourceType: (name: string) => ['resourceType', name] as const,
  movePlan: (group: string, node: string | undefined) => ['movePlan', group, node ?? null] as const,
  users: ['users'] as const,
};
