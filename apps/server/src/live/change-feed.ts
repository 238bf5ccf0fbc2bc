import {
  keys,
  nameOfKey,
  type ClusterEvent,
  type ClusterEventRecord,
  type ClusterSnapshot,
  type LiveChange,
} from '@wolfpack/contracts';
import {
  applyGuardedChange,
  emptyClusterState,
  readGuardedState,
  snapshotClusterState,
  type ClusterState,
  type StateFollower,
} from '@wolfpack/engine';
import {
  StoreError,
  type ClusterStore,
  type KeyValue,
  type Watch,
  type WatchBatch,
  type WatchEvent,
} from '@wolfpack/store';
import { AffectedViews } from './affected-views.ts';
import {
  builtInTypesOf,
  SentViews,
  snapshotOf,
  viewOf,
  viewKinds,
  type TaggedChange,
  type ViewContext,
} from './live-views.ts';

export interface ChangeFeedOptions extends ViewContext {
  store: ClusterStore;
  /** Called with the view changes of each store batch, in store order, tagged with their revisions (more: listen). */
  onChanges?: ChangesListener;
  /** Called after each store batch is applied (and after a reload, with no events): REST's freshness, pruning. */
  onApplied?(state: ClusterState, events: WatchEvent[]): void;
  /** The watch failed; the feed reloads and goes on unless the store is closed. */
  onError?(error: Error): void;
  /** Wait before reloading after a failed watch. Default 1000 ms. */
  retryDelayMs?: number;
}

/** Takes the view changes of a store batch, tagged with their revisions. */
export type ChangesListener = (changes: TaggedChange[], revision: number) => void;

/**
 * The server's one follower of the cluster store: its state answers REST reads (it is a
 * StateFollower, with each state key's modRevision for commands) and its changes feed the
 * live hub. Follows the cluster store and turns its writes into view changes: the cluster state is
 * read whole, then kept current from one watch over everything under keys.root, so that a
 * command's state change and its audit event (one txn, one revision) arrive in store
 * order. (followClusterState plus a second watch on the event log would deliver the two
 * in no common order.) Each revision's writes are applied, the views they can touch are
 * recomputed (AffectedViews) and those that differ from what was sent become changes.
 * Event log appends become `event` changes; trimming the log is not a change clients see.
 */
export class ChangeFeed implements StateFollower {
  readonly #options: ChangeFeedOptions;
  readonly #sent = new SentViews();
  readonly #listeners = new Set<ChangesListener>();
  #state: ClusterState = emptyClusterState();
  /** Each state key's modRevision, for compare-and-swap. */
  #modRevisions = new Map<string, number>();
  #watch: Watch | undefined;
  #retry: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Revision of the newest event-log entry seen, to catch up on the log after a reload. */
  #eventRevision = 0;

  private constructor(options: ChangeFeedOptions) {
    this.#options = { ...options, catalog: builtInTypesOf(options.catalog) };
    if (options.onChanges) this.#listeners.add(options.onChanges);
  }

  /** Read the state and start following the store. */
  static async start(options: ChangeFeedOptions): Promise<ChangeFeed> {
    const feed = new ChangeFeed(options);
    await feed.#load(false);
    return feed;
  }

  /** The cluster state at the newest revision processed; mutated in place as changes arrive. */
  get state(): ClusterState {
    return this.#state;
  }

  /** The store revision of a state key's last write, for compare-and-swap; 0 if absent. */
  modRevision(key: string): number {
    return this.#modRevisions.get(key) ?? 0;
  }

  /** The state and every key's modRevision as of now, unaffected by later changes (for commands). */
  snapshot(): { state: ClusterState; modRevisions: Map<string, number> } {
    return { state: snapshotClusterState(this.#state), modRevisions: new Map(this.#modRevisions) };
  }

  /** The whole cluster (as GET /cluster shows it) at the newest revision processed. */
  clusterSnapshot(): ClusterSnapshot {
    return snapshotOf(this.#state, this.#options);
  }

  /** Hand every later batch's view changes to `listener` too; returns the way to stop. */
  listen(listener: ChangesListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The newest store revision processed (every view change up to it has been handed on). */
  get revision(): number {
    return this.#state.revision;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#watch?.cancel().catch(() => undefined);
  }

  /** Read the state whole; after the first time, hand on what changed since the last state seen. */
  async #load(announce: boolean): Promise<void> {
    const { store } = this.#options;
    const { state: fresh, modRevisions } = await readGuardedState(store);
    const changes: TaggedChange[] = [];
    if (announce) {
      // Events appended while the watch was down, up to the state's revision (the new watch brings the rest).
      const log = await store.range(keys.events, {
        sortBy: 'createRevision',
        minCreateRevision: this.#eventRevision + 1,
      });
      for (const kv of log.kvs) {
        const change = kv.createRevision <= fresh.revision ? this.#eventChange(kv) : undefined;
        if (change) changes.push({ revision: kv.createRevision, change });
      }
    } else {
      this.#eventRevision = fresh.revision;
    }
    this.#state = fresh;
    this.#modRevisions = modRevisions;
    for (const change of this.#sent.replaceAll(snapshotOf(fresh, this.#options)))
      changes.push({ revision: fresh.revision, change });
    if (this.#stopped) return;
    if (announce) this.#options.onApplied?.(fresh, []);
    this.#announce(changes, fresh.revision);
    this.#watch = await store.watch(
      keys.root,
      { fromRevision: fresh.revision + 1 },
      {
        onBatch: (batch) => this.#onBatch(batch),
        onError: (error) => this.#onWatchError(error),
      },
    );
    if (this.#stopped) await this.#watch.cancel();
  }

  #onWatchError(error: StoreError): void {
    if (this.#stopped) return;
    this.#options.onError?.(error);
    if (error.code === 'closed') return;
    // Compacted past our revision, or the store was briefly unavailable: read it all again.
    this.#retry = setTimeout(
      () => {
        this.#load(true).catch((failure: unknown) =>
          this.#onWatchError(failure instanceof StoreError ? failure : new StoreError('unavailable', String(failure))),
        );
      },
      error.code === 'compacted' ? 0 : (this.#options.retryDelayMs ?? 1000),
    );
  }

  #onBatch(batch: WatchBatch): void {
    if (this.#stopped) return;
    const changes: TaggedChange[] = [];
    // One revision at a time, so every change carries the revision that made it.
    let start = 0;
    while (start < batch.events.length) {
      const revision = batch.events[start]!.kv.modRevision;
      let end = start + 1;
      while (end < batch.events.length && batch.events[end]!.kv.modRevision === revision) end++;
      this.#applyRevision(batch.events.slice(start, end), revision, changes);
      start = end;
    }
    if (batch.revision > this.#state.revision) this.#state.revision = batch.revision;
    this.#options.onApplied?.(this.#state, batch.events);
    this.#announce(changes, this.#state.revision);
  }

  #announce(changes: TaggedChange[], revision: number): void {
    if (changes.length === 0) return;
    for (const listener of this.#listeners) listener(changes, revision);
  }

  #applyRevision(events: WatchEvent[], revision: number, into: TaggedChange[]): void {
    const state = this.#state;
    const affected = new AffectedViews();
    affected.collectBefore(state, events);
    for (const event of events) {
      const { key } = event.kv;
      if (key.startsWith(keys.stateRoot)) applyGuardedChange({ state, modRevisions: this.#modRevisions }, event);
      else if (key.startsWith(keys.events) && event.type === 'put') {
        const change = this.#eventChange(event.kv);
        if (change) into.push({ revision, change });
      }
    }
    state.revision = revision;
    affected.collectAfter(state, events);
    for (const kind of viewKinds) {
      for (const name of affected.views.get(kind)!) {
        const change = this.#sent.update(kind, name, viewOf(state, this.#options, kind, name));
        if (change) into.push({ revision, change });
      }
    }
  }

  /** An appended log entry as a change named by its key (unique, time-ordered), with the record GET /events gives. */
  #eventChange(kv: KeyValue): LiveChange | undefined {
    this.#eventRevision = Math.max(this.#eventRevision, kv.createRevision);
    try {
      // An event's detail (the names a failed sign-in tried) is for admins' GET /events only:
      // one feed serves every socket, so it never goes out live.
      const { detail: _detail, ...event } = JSON.parse(kv.value) as ClusterEvent;
      const record: ClusterEventRecord = { ...event, revision: kv.createRevision };
      return { kind: 'event', name: nameOfKey(kv.key), value: record };
    } catch {
      return undefined; // not an event (a foreign or torn value): the log reader skips it too
    }
  }
}
