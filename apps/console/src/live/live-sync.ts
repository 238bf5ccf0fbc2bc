import type { QueryClient } from '@tanstack/react-query';
import type { ClusterEventRecord, LiveChanges, LiveSnapshot } from '@wolfpack/contracts';
import {
  applyLiveChanges,
  cacheFromSnapshot,
  objectFromCache,
  type ClusterCache,
  type ObjectChangeKind,
} from './cluster-cache.ts';
import { markAuthoritative } from './cluster-query.ts';
import { mergeEvents } from './event-log.ts';
import { queryKeys } from './query-keys.ts';

const perObjectKinds: ObjectChangeKind[] = ['node', 'group', 'resource', 'resourceType'];

/** Counters a test or a benchmark can read. */
export interface LiveSyncStats {
  snapshots: number;
  appliedBatches: number;
  skippedBatches: number;
}

/**
 * Writes the `/live` stream into the TanStack Query cache: a snapshot replaces ['cluster'],
 * a batch is applied only above the cache's revision (so never twice, never backwards),
 * and the per-object keys that somebody reads (['resource', name] …) follow along.
 * Events go to ['events']. Knows nothing of sockets: the socket layer calls it.
 */
export class LiveSync {
  readonly stats: LiveSyncStats = { snapshots: 0, appliedBatches: 0, skippedBatches: 0 };
  #queryClient: QueryClient;
  #snapshotWaiters: ((cache: ClusterCache) => void)[] = [];

  constructor(queryClient: QueryClient) {
    this.#queryClient = queryClient;
  }

  /** The cache's revision: what a reconnecting socket resumes from (undefined before any state). */
  get revision(): number | undefined {
    return this.cluster?.revision;
  }

  get cluster(): ClusterCache | undefined {
    return this.#queryClient.getQueryData<ClusterCache>(queryKeys.cluster);
  }

  /**
   * A snapshot is the server's whole truth at its revision: it replaces what the cache
   * held. A snapshot after the first (a resume the server could not serve) carries no
   * events, so the event history is read again.
   */
  receiveSnapshot(snapshot: LiveSnapshot): ClusterCache {
    const cache = markAuthoritative(cacheFromSnapshot(snapshot.cluster, snapshot.revision));
    this.stats.snapshots += 1;
    this.#queryClient.setQueryData(queryKeys.cluster, cache);
    if (this.stats.snapshots > 1) {
      void this.#queryClient.invalidateQueries({ queryKey: queryKeys.events });
      void this.#queryClient.invalidateQueries({ queryKey: queryKeys.clusterProperties });
    }
    for (const kind of perObjectKinds) {
      for (const query of this.#queryClient.getQueryCache().findAll({ queryKey: [kind] })) {
        const name = query.queryKey[1];
        if (typeof name === 'string')
          this.#queryClient.setQueryData(query.queryKey, objectFromCache(cache, kind, name) ?? null);
      }
    }
    const waiters = this.#snapshotWaiters;
    this.#snapshotWaiters = [];
    for (const resolve of waiters) resolve(cache);
    return cache;
  }

  /** One `changes` batch; returns whether it was applied (false: at or below the cache's revision, or no state yet). */
  receiveChanges(batch: LiveChanges): boolean {
    const cache = this.cluster;
    if (cache === undefined) {
      this.stats.skippedBatches += 1;
      return false;
    }
    const result = applyLiveChanges(cache, batch);
    if (!result.applied) {
      this.stats.skippedBatches += 1;
      return false;
    }
    this.stats.appliedBatches += 1;
    this.#queryClient.setQueryData(queryKeys.cluster, result.cache);
    for (const { kind, name } of result.objects) {
      const key = [kind, name];
      if (this.#queryClient.getQueryCache().find({ queryKey: key, exact: true })) {
        this.#queryClient.setQueryData(key, objectFromCache(result.cache, kind, name) ?? null);
      }
    }
    if (result.events.length > 0) this.receiveEvents(result.events);
    return true;
  }

  /**
   * Event log lines, from the stream or from GET /events, merged once each. The cluster
   * record is in no view: the logged change of it is the stream's word that it changed.
   */
  receiveEvents(events: readonly ClusterEventRecord[]): void {
    this.#queryClient.setQueryData<ClusterEventRecord[]>(queryKeys.events, (log) => mergeEvents(log, events));
    if (events.some((event) => event.command === 'set-cluster-properties' && event.result === 'ok')) {
      void this.#queryClient.invalidateQueries({ queryKey: queryKeys.clusterProperties });
    }
  }

  /** Resolves with the cache once a snapshot has arrived (at once if one has). */
  nextSnapshot(): Promise<ClusterCache> {
    const cache = this.cluster;
    if (cache) return Promise.resolve(cache);
    return new Promise((resolve) => this.#snapshotWaiters.push(resolve));
  }

  /** Forget everything (log out): the next user starts from a fresh snapshot. */
  reset(): void {
    this.#queryClient.removeQueries({ queryKey: queryKeys.cluster });
    this.#queryClient.removeQueries({ queryKey: queryKeys.events });
    this.#queryClient.removeQueries({ queryKey: queryKeys.clusterProperties });
    for (const kind of perObjectKinds) this.#queryClient.removeQueries({ queryKey: [kind] });
  }
}
