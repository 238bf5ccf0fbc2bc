import {
  errorMessage,
  type ClusterState,
  type LiveFeed,
  type LiveStatus as FeedStatus,
  type LiveUpdate,
} from '@wolfpack/client';
import type { LiveSync } from './live-sync.ts';

/** What the banner shows. */
export interface LiveStatus {
  state: 'connecting' | 'connected' | 'disconnected' | 'unauthorized';
  /** When the state began (ms since the epoch). */
  since: number;
  /** Why the last connection ended or failed, in the server's or socket.io's words. */
  reason?: string;
}

/** What LiveConnection uses of the client's LiveFeed (a test hands it a fake). */
export type LiveFeedPort = Pick<
  LiveFeed,
  'state' | 'status' | 'reason' | 'subscribe' | 'onStatus' | 'reconnect' | 'close'
>;

export interface LiveConnectionOptions {
  sync: LiveSync;
  /** Opens the live feed: the console's `client.live()`. */
  open: () => Promise<LiveFeedPort>;
  /** Called when the server refuses the stream or ends it for good (signed out, expired, password changed, user deleted), with its reason. */
  onUnauthorized?: (reason: string | undefined) => void;
  /**
   * Called when the stream is back after it was lost: what the stream does not carry may
   * have changed meanwhile. The server also ends a stream on purpose when the user's role
   * changes, and the feed connects again at once: the session is read again for its role.
   */
  onReconnected?: () => void;
}

/** The User Timing mark set when a `changes` batch arrives. */
export const liveBatchMark = 'wolfpack:live-changes';

/**
 * The console's end of the `/live` stream: the client's LiveFeed (the one socket.io
 * client of the repository) handed to LiveSync, which writes it into the query cache.
 * The feed reconnects by itself and resumes from the revision it applied; the status
 * says whether the console is live.
 *
 * The feed's revision and the cache's are the same as long as every update reaches the
 * cache. When the cache lost what the feed has (its ['cluster'] was removed, or a REST
 * read put it behind), a resume would skip what the cache never saw: the feed is closed
 * and opened again, which starts from a snapshot.
 */
export class LiveConnection {
  #feed: LiveFeedPort | undefined;
  #detach: (() => void) | undefined;
  /** Bumped by every start and stop: a feed that opens after its start was undone is closed at once. */
  #generation = 0;
  #running = false;
  /** The revision of the last update handed from the feed to the cache. */
  #handed: number | undefined;
  #status: LiveStatus = { state: 'connecting', since: Date.now() };
  /** This connection was connected once: a later 'connected' is a reconnect. */
  #wasConnected = false;
  #listeners = new Set<() => void>();
  #options: LiveConnectionOptions;

  constructor(options: LiveConnectionOptions) {
    this.#options = options;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** For useSyncExternalStore: called on every status change. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getStatus = (): LiveStatus => this.#status;

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const generation = ++this.#generation;
    this.#setStatus({ state: 'connecting', since: Date.now() });
    this.#options.open().then(
      (feed) => {
        if (generation !== this.#generation) return feed.close();
        this.#attach(feed);
      },
      (error: unknown) => {
        if (generation === this.#generation)
          this.#setStatus({ state: 'disconnected', since: Date.now(), reason: errorMessage(error) });
      },
    );
  }

  /** Close for good (log out, or the page goes away). */
  stop(): void {
    this.#generation += 1;
    this.#running = false;
    this.#detach?.();
    this.#feed?.close();
    this.#detach = undefined;
    this.#feed = undefined;
    this.#handed = undefined;
    this.#wasConnected = false;
  }

  /** Drop the connection and reconnect, resuming (the banner's "Reconnect now"). */
  reconnect(): void {
    if (this.#feed) return this.#feed.reconnect();
    this.stop();
    this.start();
  }

  #attach(feed: LiveFeedPort): void {
    this.#feed = feed;
    const unsubscribe = feed.subscribe((update, state) => this.#receive(update, state));
    const unwatch = feed.onStatus((status, reason) => this.#feedStatus(status, reason));
    this.#detach = () => {
      unsubscribe();
      unwatch();
    };
    if (feed.state.revision >= 0) this.#receive({ type: 'snapshot', revision: feed.state.revision }, feed.state);
    if (feed.status !== 'connecting') this.#feedStatus(feed.status, feed.reason);
  }

  #receive(update: LiveUpdate, state: ClusterState): void {
    const sync = this.#options.sync;
    if (update.type === 'snapshot') {
      sync.receiveSnapshot({ revision: update.revision, cluster: state.snapshot() });
      this.#handed = update.revision;
      return;
    }
    // A User Timing mark of the latest batch, for measuring stream → screen (only the last is kept).
    performance.clearMarks(liveBatchMark);
    performance.mark(liveBatchMark, { detail: { revision: update.revision, changes: update.changes.length } });
    const cached = sync.revision;
    if (this.#handed !== undefined && (cached === undefined || cached < this.#handed)) {
      // The cache no longer holds what the feed resumes from: start again from a snapshot.
      this.stop();
      this.start();
      return;
    }
    sync.receiveChanges({ revision: update.revision, changes: update.changes });
    this.#handed = update.revision;
  }

  #feedStatus(status: FeedStatus, reason: string | undefined): void {
    switch (status) {
      case 'connecting':
        if (this.#status.state !== status) this.#setStatus({ state: status, since: Date.now() });
        return;
      case 'connected': {
        if (this.#status.state === status) return;
        const reconnected = this.#wasConnected;
        this.#wasConnected = true;
        this.#setStatus({ state: status, since: Date.now() });
        if (reconnected) this.#options.onReconnected?.();
        return;
      }
      case 'disconnected': {
        // socket.io retries on its own and fails again and again while the server is down: one state, its first moment, the latest reason.
        if (this.#status.state === 'disconnected' && this.#status.reason === reason) return;
        const since = this.#status.state === 'disconnected' ? this.#status.since : Date.now();
        this.#setStatus(
          reason === undefined ? { state: 'disconnected', since } : { state: 'disconnected', since, reason },
        );
        return;
      }
      case 'unauthorized':
        this.#setStatus(
          reason === undefined
            ? { state: 'unauthorized', since: Date.now() }
            : { state: 'unauthorized', since: Date.now(), reason },
        );
        this.#options.onUnauthorized?.(reason);
        return;
      case 'closed':
        // Only this connection closes its feed, and it stops listening first.
        return;
    }
  }

  #setStatus(status: LiveStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }
}
