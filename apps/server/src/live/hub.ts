import type { LiveChanges, LiveSnapshot } from '@wolfpack/contracts';
import { TokenBucket } from '@wolfpack/resource-sdk/token-bucket';
import type { ClusterStore } from '@wolfpack/store';
import { ChangeFeed } from './change-feed.ts';
import { ChangeHistory, type ChangeHistoryLimits } from './change-history.ts';
import { ChangeWindow } from './change-window.ts';
import type { TaggedChange, ViewContext } from './live-views.ts';

/** Where the hub sends one client's messages (a socket.io socket, or a test's array). */
export interface LiveSubscriber {
  snapshot(message: LiveSnapshot): void;
  changes(message: LiveChanges): void;
}

/** One client's place in the stream. */
export interface LiveSubscription {
  /** The revision the client is at once it has applied everything sent to it. */
  readonly revision: number;
  /** The client says it has applied everything up to `revision`: send what it lacks (see index.ts). */
  resume(revision: number): void;
  close(): void;
}

/** The hub follows the server's feed (shared with REST), or the store through one of its own. */
export type LiveHubOptions = LiveHubPacing & ({ feed: ChangeFeed } | OwnFeedOptions);

interface OwnFeedOptions extends ViewContext {
  store: ClusterStore;
  onError?(error: Error): void;
}

export interface LiveHubPacing {
  /** At most one batch per this many ms; a change after a quiet spell goes out at once. Default 10. */
  batchWindowMs?: number;
  history?: ChangeHistoryLimits;
  /**
   * A connection gets at most one snapshot per this many ms: a resume that needs another
   * sooner gets it when the time is up (one, however many asked). Default 3000.
   */
  snapshotIntervalMs?: number;
  /**
   * The same pace holds per principal (a user, a resource) across its connections, after
   * a burst of this many (several tabs opening at once): reconnecting over and over does
   * not buy a snapshot each time. Default 10.
   */
  principalSnapshotBurst?: number;
}

interface Subscription extends LiveSubscription {
  subscriber: LiveSubscriber;
  /** Revision of the last message sent. */
  position: number;
  /**
   * The stream on this connection is complete from here on: -1 after a snapshot, R after
   * a resume from R (infinity before the first message). A resume from before it needs a snapshot.
   */
  base: number;
  /** When its last snapshot was sent (-infinity: never). */
  snapshotAt: number;
  /** A snapshot waiting for its turn: batches skip the connection until it is sent. */
  deferred: ReturnType<typeof setTimeout> | undefined;
  /** Whose snapshot allowance this connection draws on (undefined: only its own pace). */
  principal: string | undefined;
}

/** Principals kept before full (idle) allowances are forgotten. */
const allowancesKept = 10_000;

/** How long a connection must wait for its next snapshot (0: at once). */
export function snapshotDelay(lastAt: number, now: number, intervalMs: number): number {
  return Math.max(0, lastAt + intervalMs - now);
}

/**
 * Fans the change feed out to clients: batches the feed's changes in short windows, keeps
 * a history of recent batches for clients that come back, and gives each new client
 * either a snapshot or the changes it missed, then every later batch.
 */
export class LiveHub {
  readonly #feed: ChangeFeed;
  /** Stops what this hub started: its listening, or its own feed. */
  readonly #release: () => Promise<void>;
  readonly #window: ChangeWindow;
  readonly #history: ChangeHistory;
  readonly #subscriptions = new Set<Subscription>();
  readonly #snapshotIntervalMs: number;
  readonly #principalBurst: number;
  /** Each principal's snapshot allowance: its burst, then one per snapshot interval. */
  readonly #allowances = new Map<string, TokenBucket>();
  #snapshot: LiveSnapshot | undefined;
  #stopped = false;

  private constructor(
    feed: ChangeFeed,
    release: () => Promise<void>,
    window: ChangeWindow,
    history: ChangeHistory,
    snapshotIntervalMs: number,
    principalBurst: number,
  ) {
    this.#release = release;
    this.#snapshotIntervalMs = snapshotIntervalMs;
    this.#principalBurst = principalBurst;
    this.#feed = feed;
    this.#window = window;
    this.#history = history;
  }

  /** Follow the given feed from its current revision, or load the cluster state and start following the store. */
  static async start(options: LiveHubOptions): Promise<LiveHub> {
    let hub: LiveHub | undefined;
    const early: TaggedChange[] = [];
    const onChanges = (changes: TaggedChange[]) => (hub ? hub.#window.add(changes) : early.push(...changes));
    let feed: ChangeFeed;
    let release: () => Promise<void>;
    if ('feed' in options) {
      feed = options.feed;
      const unlisten = feed.listen(onChanges);
      release = async () => void unlisten();
    } else {
      const own = await ChangeFeed.start({
        catalog: options.catalog,
        ...(options.typeViewOptions ? { typeViewOptions: options.typeViewOptions } : {}),
        store: options.store,
        onChanges,
        onError: (error) => options.onError?.(error),
      });
      feed = own;
      release = () => own.stop();
    }
    const history = new ChangeHistory(feed.revision, options.history);
    const window = new ChangeWindow(options.batchWindowMs ?? 10, (changes) => hub!.#send(changes));
    hub = new LiveHub(
      feed,
      release,
      window,
      history,
      options.snapshotIntervalMs ?? 3000,
      options.principalSnapshotBurst ?? 10,
    );
    window.add(early);
    return hub;
  }

  /** The newest store revision the hub has processed. */
  get revision(): number {
    return this.#feed.revision;
  }

  /** Number of connected subscribers. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** The whole cluster at the hub's revision, after sending what was pending (so later batches follow it exactly). */
  snapshot(): LiveSnapshot {
    this.#window.flush();
    const revision = this.#feed.revision;
    if (this.#snapshot?.revision !== revision) this.#snapshot = { revision, cluster: this.#feed.clusterSnapshot() };
    return this.#snapshot;
  }

  /**
   * A new client: it gets a snapshot, or — when it already has the state at `resumeFrom`
   * and the history still holds everything after it — just those changes; then every
   * later batch. A snapshot waits its principal's turn (principalSnapshotBurst).
   */
  subscribe(subscriber: LiveSubscriber, resumeFrom?: number, principal?: string): LiveSubscription {
    const subscription: Subscription = {
      subscriber,
      position: 0,
      base: Number.POSITIVE_INFINITY,
      snapshotAt: Number.NEGATIVE_INFINITY,
      deferred: undefined,
      principal,
      get revision() {
        return this.position;
      },
      resume: (revision) => this.#resume(subscription, revision),
      close: () => {
        clearTimeout(subscription.deferred);
        this.#subscriptions.delete(subscription);
      },
    };
    if (this.#stopped) return subscription;
    // Sent (or deferred) before it joins: a snapshot flushes pending batches, which it holds.
    if (resumeFrom === undefined || !this.#sendSince(subscription, resumeFrom)) this.#snapshotInTurn(subscription);
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#window.stop();
    for (const subscription of this.#subscriptions) clearTimeout(subscription.deferred);
    this.#subscriptions.clear();
    await this.#release();
  }

  #send(changes: TaggedChange[]): void {
    const revision = this.#feed.revision;
    this.#history.append(revision, changes);
    const message: LiveChanges = { revision, changes: changes.map((tagged) => tagged.change) };
    for (const subscription of this.#subscriptions) {
      if (revision <= subscription.position) continue; // never happens: positions are at most the last batch sent
      if (subscription.deferred) continue; // its snapshot, when sent, holds these changes
      subscription.position = revision;
      deliver(() => subscription.subscriber.changes(message));
    }
  }

  #sendSnapshot(subscription: Subscription): void {
    clearTimeout(subscription.deferred);
    subscription.deferred = undefined;
    subscription.snapshotAt = Date.now();
    this.#spendAllowance(subscription.principal, subscription.snapshotAt);
    const snapshot = this.snapshot();
    subscription.position = snapshot.revision;
    subscription.base = -1;
    deliver(() => subscription.subscriber.snapshot(snapshot));
  }

  /** Send the changes after `revision` if the history has them all; false if it does not. */
  #sendSince(subscription: Subscription, revision: number): boolean {
    this.#window.flush();
    const current = this.#feed.revision;
    if (revision > current) return false; // ahead of this server (another one answered it): start over
    const changes = this.#history.since(revision);
    if (changes === undefined) return false;
    clearTimeout(subscription.deferred);
    subscription.deferred = undefined;
    subscription.position = current;
    subscription.base = Math.min(subscription.base, revision);
    if (current > revision) deliver(() => subscription.subscriber.changes({ revision: current, changes }));
    return true;
  }

  #resume(subscription: Subscription, revision: number): void {
    if (this.#stopped || !this.#subscriptions.has(subscription)) return;
    this.#window.flush();
    // Everything after `base` up to `position` is already on its way on this connection.
    if (revision >= subscription.base && revision <= subscription.position) return;
    if (revision > subscription.position && this.#sendSince(subscription, revision)) return;
    this.#snapshotInTurn(subscription);
  }

  /**
   * A snapshot now if the connection's last is old enough and its principal has one left,
   * else one when both hold (a snapshot costs megabytes). A wait is judged again when it
   * ends: connections of one principal waiting together are served one per turn.
   */
  #snapshotInTurn(subscription: Subscription): void {
    if (subscription.deferred) return;
    const now = Date.now();
    const delay = Math.max(
      snapshotDelay(subscription.snapshotAt, now, this.#snapshotIntervalMs),
      this.#allowanceDelay(subscription.principal, now),
    );
    if (delay === 0) return this.#sendSnapshot(subscription);
    subscription.deferred = setTimeout(() => {
      subscription.deferred = undefined;
      if (!this.#stopped && this.#subscriptions.has(subscription)) this.#snapshotInTurn(subscription);
    }, delay);
  }

  /** A principal's allowance as it stands, a full one if it has none yet. */
  #allowance(principal: string, now: number): TokenBucket {
    const rate = { perSecond: 1000 / this.#snapshotIntervalMs, burst: this.#principalBurst };
    return this.#allowances.get(principal) ?? new TokenBucket(rate, now);
  }

  #allowanceDelay(principal: string | undefined, now: number): number {
    if (principal === undefined || this.#snapshotIntervalMs <= 0) return 0;
    return this.#allowance(principal, now).waitMs(now);
  }

  #spendAllowance(principal: string | undefined, now: number): void {
    if (principal === undefined || this.#snapshotIntervalMs <= 0) return;
    const allowance = this.#allowance(principal, now);
    allowance.spend();
    this.#allowances.set(principal, allowance);
    if (this.#allowances.size <= allowancesKept) return;
    for (const [key, kept] of this.#allowances)
      if (kept.tokens(now) >= this.#principalBurst) this.#allowances.delete(key);
  }
}

/** A subscriber that throws (a socket closing) must not stop the others. */
function deliver(send: () => void): void {
  try {
    send();
  } catch {
    // its connection is going away; it will be unsubscribed by its close
  }
}
