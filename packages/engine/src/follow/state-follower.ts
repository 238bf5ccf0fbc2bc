import { keys } from '@wolfpack/contracts';
import {
  applyGuardedChange,
  emptyClusterState,
  readGuardedState,
  snapshotClusterState,
  type ClusterState,
} from '../model/cluster-state.ts';
import { StoreError, type ClusterStore, type Watch, type WatchEvent } from '@wolfpack/store';

export interface StateFollower {
  /** The live state; mutated in place as changes arrive. */
  readonly state: ClusterState;
  /** The store revision of a state key's last write, for compare-and-swap; 0 if absent. */
  modRevision(key: string): number;
  /** The state and every key's modRevision as of now, unaffected by later changes (for commands). */
  snapshot(): { state: ClusterState; modRevisions: Map<string, number> };
  stop(): Promise<void>;
}

export interface FollowOptions {
  /** Called after each applied batch (and after a full reload), with that batch's events. */
  onChange(state: ClusterState, events: WatchEvent[]): void;
  onError?(error: Error): void;
  /** Wait before reading the state again after a watch ended with an error, or that read failed. Default 1000 ms. */
  retryDelayMs?: number;
}

/**
 * Keep a ClusterState current: read it whole, then apply every watched change in order.
 * If the watch falls behind a compaction, read it whole again — a missed event costs a
 * reload, never correctness.
 */
export async function followClusterState(store: ClusterStore, options: FollowOptions): Promise<StateFollower> {
  let state = emptyClusterState();
  let revisions = new Map<string, number>();
  let watch: Watch | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  const load = async (): Promise<void> => {
    ({ state, modRevisions: revisions } = await readGuardedState(store));
  };
  await load();

  const view = {
    get state() {
      return state;
    },
    modRevision: (key: string) => revisions.get(key) ?? 0,
    snapshot: () => ({ state: snapshotClusterState(state), modRevisions: new Map(revisions) }),
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await watch?.cancel();
    },
  };

  const startWatch = async (): Promise<void> => {
    watch = await store.watch(
      keys.stateRoot,
      { fromRevision: state.revision + 1 },
      {
        onBatch: (batch) => {
          if (stopped) return;
          const followed = { state, modRevisions: revisions };
          for (const event of batch.events) applyGuardedChange(followed, event);
          if (batch.revision > state.revision) state.revision = batch.revision;
          options.onChange(state, batch.events);
        },
        onError: (error) => {
          if (stopped) return;
          if (error.code === 'compacted') {
            void reload();
            return;
          }
          options.onError?.(error);
          // Any other end of the watch (the store unreadable for a while, a failing onChange):
          // read it whole again shortly, as after a compaction; only a closed store is final.
          if (error.code !== 'closed') retry = setTimeout(() => void reload(), options.retryDelayMs ?? 1000);
        },
      },
    );
  };

  const reload = async (): Promise<void> => {
    await watch?.cancel().catch(() => undefined);
    try {
      await load();
      if (stopped) return;
      options.onChange(state, []);
      await startWatch();
      if (stopped) await watch?.cancel();
    } catch (error) {
      if (stopped) return;
      options.onError?.(error as Error);
      // The store did not answer (etcd without a quorum, say): try again, or this process
      // would act on a state that never changes again.
      if (!(error instanceof StoreError && error.code === 'closed'))
        retry = setTimeout(() => void reload(), options.retryDelayMs ?? 1000);
    }
  };

  await startWatch();
  return view;
}
