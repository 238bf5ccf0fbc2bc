import type {
  ClusterEventRecord,
  LiveChange,
  LiveChanges,
  LiveClientEvents,
  LiveHandshakeAuth,
  LiveRefusal,
  LiveRevoked,
  LiveServerEvents,
  LiveSnapshot,
} from '@wolfpack/contracts';
import { io, type Socket } from 'socket.io-client';
import { ClusterState } from './cluster-state.ts';
import { WolfpackError } from './errors.ts';

/*
 * The live stream (socket.io namespace /live) as a ClusterState that stays current. Every
 * (re)connect names the revision the state is at, so after a dropped connection or a
 * server restart the server sends only what was missed, or a new snapshot when it no
 * longer holds that much history. When the server ends the connection because its
 * credentials stopped holding (signed out, expired, revoked, user deleted) the status is
 * 'unauthorized' with the server's reason, and the feed does not try again; after a role
 * change it connects again at once. A handshake refused for coming too often (the server
 * counts them per address) leaves the feed 'disconnected' with the server's words until
 * the time the server named has passed (at least a second, at most a minute, and a
 * little more at random, so many feeds behind one address do not come back together).
 * Over 300 lines on purpose: one class, the feed; its waits (until, updates) end on the
 * status and refusal its socket handlers keep, so they stay beside them.
 */

export interface LiveOptions {
  /** socket.io transports; default websocket only in Node, websocket then polling in browsers. */
  transports?: ('websocket' | 'polling')[];
}

/** What arrived: a whole snapshot (the state was replaced), or one ordered batch of changes. */
export type LiveUpdate =
  | { type: 'snapshot'; revision: number }
  | { type: 'changes'; revision: number; changes: LiveChange[]; events: ClusterEventRecord[] };

export type LiveStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'closed';

type Listener = (update: LiveUpdate, state: ClusterState) => void;

/** How long a feed waits after a rate-limited handshake: the server's word, within 1 s to 60 s, plus up to a quarter more. */
export function rateLimitedPause(retryAfterMs: number | undefined, random = Math.random()): number {
  const told = Math.min(60_000, Math.max(1000, retryAfterMs ?? 5000));
  return Math.round(told * (1 + random / 4));
}

const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';

export class LiveFeed implements AsyncIterable<LiveUpdate> {
  /** The cluster as last told; its revision is -1 until the first snapshot. */
  readonly state = new ClusterState();
  readonly #socket: Socket<LiveServerEvents, LiveClientEvents>;
  readonly #listeners = new Set<Listener>();
  readonly #statusListeners = new Set<(status: LiveStatus, reason?: string) => void>();
  #status: LiveStatus = 'connecting';
  #reason: string | undefined;
  #refusal: WolfpackError | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** The server said to connect again (a role change): no pause before it. */
  #reconnectNow = false;

  constructor(url: string, credentials: { token?: string; cookie?: string }, options: LiveOptions = {}) {
    this.#socket = io(`${url}/live`, {
      path: '/socket.io',
      transports: options.transports ?? (inBrowser ? ['websocket', 'polling'] : ['websocket']),
      withCredentials: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      ...(credentials.cookie ? { extraHeaders: { cookie: credentials.cookie } } : {}),
      // Evaluated at every (re)connect, so each handshake names the revision we have.
      auth: (callback) => {
        const auth: LiveHandshakeAuth = {};
        if (credentials.token) auth.token = credentials.token;
        if (this.state.revision >= 0) auth.resume = { revision: this.state.revision };
        callback(auth as Record<string, unknown>);
      },
    });
    this.#socket.on('snapshot', (message: LiveSnapshot) => {
      this.state.applySnapshot(message);
      this.#publish({ type: 'snapshot', revision: message.revision });
    });
    this.#socket.on('changes', (message: LiveChanges) => {
      const events = this.state.applyChanges(message);
      this.#publish({ type: 'changes', revision: message.revision, changes: message.changes, events });
    });
    this.#socket.on('revoked', (message: LiveRevoked) => {
      if (message.reconnect) {
        this.#reconnectNow = true;
        return;
      }
      this.#refusal = new WolfpackError(401, 'unauthorized', message.message);
      this.#setStatus('unauthorized', message.message);
    });
    this.#socket.on('connect', () => this.#setStatus('connected'));
    this.#socket.on('disconnect', (reason) => {
      if (this.#status === 'closed' || this.#status === 'unauthorized') return;
      if (this.#reconnectNow) {
        this.#reconnectNow = false;
        this.#setStatus('disconnected', String(reason));
        this.#socket.connect();
        return;
      }
      this.#setStatus('disconnected', String(reason));
      // The server closed the socket on purpose (it is shutting down or restarting):
      // socket.io leaves that alone, so try again ourselves; a refusal will say why.
      if (reason === 'io server disconnect') {
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          if (this.#status === 'disconnected') this.#socket.connect();
        }, 500);
      }
    });
    this.#socket.on('connect_error', (error: Error & { data?: LiveRefusal }) => {
      if (error.data?.error === 'unauthorized') {
        this.#refusal = new WolfpackError(401, 'unauthorized', error.data.message ?? error.message);
        this.#setStatus('unauthorized', this.#refusal.message);
        return;
      }
      this.#setStatus('disconnected', error.message);
      // Refused by the server's middleware, socket.io does not try again: we do, when told.
      if (error.data?.error === 'rate-limited') {
        clearTimeout(this.#retry);
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          if (this.#status === 'disconnected') this.#socket.connect();
        }, rateLimitedPause(error.data.retryAfterMs));
      }
    });
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Why the connection last ended or failed, in the server's or socket.io's words. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Called with every snapshot and batch, after it was applied to `state`. Returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called on every connection status change. Returns the unsubscribe. */
  onStatus(listener: (status: LiveStatus, reason?: string) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /**
   * The state once `predicate` holds (checked now and after every message). Rejects with a
   * `timeout` WolfpackError after `timeoutMs`, with the refusal when the stream refuses the
   * credentials, at once when the feed is closed, and with whatever the predicate throws.
   */
  until(predicate: (state: ClusterState) => boolean, timeoutMs: number): Promise<ClusterState> {
    return new Promise((resolve, reject) => {
      const ended = this.#ended();
      if (ended) return reject(ended);
      const holds = (): boolean | Error => {
        try {
          return this.state.revision >= 0 && predicate(this.state);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      };
      const now = holds();
      if (now instanceof Error) return reject(now);
      if (now) return resolve(this.state);
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        unsubscribe();
        unwatch();
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new WolfpackError(
                0,
                'timeout',
                `not reached within ${timeoutMs} ms${this.#reason ? ` (live stream: ${this.#reason})` : ''}`,
              ),
            ),
          ),
        // setTimeout fires at once past 2^31 - 1 ms: a longer wait is as good as forever.
        Math.min(timeoutMs, 2 ** 31 - 1),
      );
      const unsubscribe = this.subscribe(() => {
        const result = holds();
        if (result instanceof Error) finish(() => reject(result));
        else if (result) finish(() => resolve(this.state));
      });
      const unwatch = this.onStatus(() => {
        const error = this.#ended();
        if (error) finish(() => reject(error));
      });
    });
  }

  /** The state after the first snapshot. */
  ready(timeoutMs = 30_000): Promise<ClusterState> {
    return this.until(() => true, timeoutMs);
  }

  /**
   * Every update from now on (snapshots and batches), in order, until the loop breaks. It
   * ends when the feed is closed, and throws the refusal when the stream refuses the
   * credentials (a revoked token), so a `for await` never hangs on a stream that is gone.
   */
  updates(): AsyncIterableIterator<LiveUpdate> {
    const queue: LiveUpdate[] = [];
    const waiting: (() => void)[] = [];
    let failure: WolfpackError | undefined;
    let ended = false;
    const wake = () => {
      for (const resolve of waiting.splice(0)) resolve();
    };
    const end = () => {
      ended = true;
      unsubscribe();
      unwatch();
      wake();
    };
    const unsubscribe = this.subscribe((update) => {
      queue.push(update);
      wake();
    });
    const unwatch = this.onStatus((status) => {
      if (status === 'closed') end();
      if (status === 'unauthorized') {
        failure = this.#refusal;
        end();
      }
    });
    if (this.#status === 'closed') end();
    if (this.#status === 'unauthorized') {
      failure = this.#refusal;
      end();
    }
    const iterator: AsyncIterableIterator<LiveUpdate> = {
      next: async () => {
        while (queue.length === 0 && !ended) await new Promise<void>((resolve) => waiting.push(resolve));
        const update = queue.shift();
        if (update) return { value: update, done: false };
        if (failure) {
          const error = failure;
          failure = undefined;
          throw error;
        }
        return { value: undefined, done: true };
      },
      return: async () => {
        end();
        queue.length = 0;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveUpdate> {
    return this.updates();
  }

  /** Drop the connection and connect again (resuming from the state's revision). */
  reconnect(): void {
    this.#socket.disconnect();
    this.#socket.connect();
  }

  /** Close for good. */
  close(): void {
    if (this.#status === 'closed') return;
    clearTimeout(this.#retry);
    this.#setStatus('closed');
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  /** Why nothing more will come: the refusal, or the feed closed; undefined while it may. */
  #ended(): WolfpackError | undefined {
    if (this.#status === 'unauthorized') return this.#refusal;
    if (this.#status === 'closed') return new WolfpackError(0, 'unreachable', 'the live stream was closed');
    return undefined;
  }

  #publish(update: LiveUpdate): void {
    for (const listener of [...this.#listeners]) listener(update, this.state);
  }

  #setStatus(status: LiveStatus, reason?: string): void {
    this.#status = status;
    if (reason !== undefined) this.#reason = reason;
    for (const listener of [...this.#statusListeners]) listener(status, reason);
  }
}
