import { ClusterState } from '@wolfpack/client';
import {
  liveEvents,
  type ClusterEventRecord,
  type LiveChanges,
  type LiveClientEvents,
  type LiveHandshakeAuth,
  type LiveServerEvents,
  type LiveSnapshot,
} from '@wolfpack/contracts';
import { io, type Socket } from 'socket.io-client';
import { viewerToken } from './harness.ts';

/*
 * A bare socket.io client of /live, for tests of the protocol itself. Where a test only
 * follows the cluster, it uses @wolfpack/client's LiveFeed; this one exists because the
 * feed hides on purpose what these tests must choose and see:
 * - the handshake: no token, a wrong one, the token as an Authorization header, and the
 *   connect_error the server refuses with;
 * - when to reconnect and from which revision: the feed reconnects at once and always
 *   resumes from where it is, while these tests stay away while the cluster changes,
 *   resume from a revision the server no longer holds or has not reached, connect plainly
 *   and then send a `resume` event;
 * - every message as it arrived, in order and with its arrival time (the benchmark's
 *   latency), before anything is applied.
 * Messages are applied with the client's ClusterState, so there is one reading of changes.
 */

export type LiveMessage = ({ type: 'snapshot' } & LiveSnapshot) | ({ type: 'changes' } & LiveChanges);

export interface LiveClientOptions {
  /** The handshake's token ('' for none); default the test viewer's. */
  token?: string;
  /** Send this revision in the first handshake too. */
  resume?: number;
  /** Don't resume on reconnect: a plain connect each time. */
  plain?: boolean;
  /** Extra handshake headers (a script's `Authorization: Bearer`). */
  extraHeaders?: Record<string, string>;
}

export class LiveClient {
  readonly socket: Socket<LiveServerEvents, LiveClientEvents>;
  readonly messages: LiveMessage[] = [];
  /** When each message arrived (epoch ms, high resolution), before it was applied. */
  readonly arrivals: number[] = [];
  /** The cluster, from the first snapshot on (its revision is -1 before). */
  readonly state = new ClusterState();
  /** Event-log records the changes carried, after the first snapshot. */
  readonly events: ClusterEventRecord[] = [];
  /** The revision the next handshake names: the last message's, or the `resume` option. */
  revision: number | undefined;
  /** Revisions must only grow: any message that breaks that is recorded here. */
  readonly disorder: string[] = [];
  #waiters: (() => void)[] = [];

  constructor(url: string, options: LiveClientOptions = {}) {
    this.revision = options.resume;
    this.socket = io(`${url}/live`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
      ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
      // A function, so each handshake names the revision the client is at then.
      auth: (callback) => {
        const auth: LiveHandshakeAuth = {};
        if (options.token !== '') auth.token = options.token ?? viewerToken;
        if (this.revision !== undefined && !options.plain) auth.resume = { revision: this.revision };
        callback(auth as Record<string, unknown>);
      },
    });
    this.socket.on(liveEvents.snapshot, (message) => {
      this.#record({ type: 'snapshot', ...message });
      this.state.applySnapshot(message);
      this.revision = message.revision;
      this.#wake();
    });
    this.socket.on(liveEvents.changes, (message) => {
      this.#record({ type: 'changes', ...message });
      if (this.hasSnapshot) this.events.push(...this.state.applyChanges(message));
      this.revision = message.revision;
      this.#wake();
    });
  }

  /** True once a snapshot was applied (changes before one are recorded, not applied). */
  get hasSnapshot(): boolean {
    return this.state.revision >= 0;
  }

  /** Connect; resolves when the server accepted the connection (rejects with its connect_error). */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.socket.off('connect', onConnect);
        reject(error);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
      this.socket.connect();
    });
  }

  /** The `changes` messages from index `from` on. */
  changesFrom(from: number): LiveChanges[] {
    return this.messages.slice(from).filter((message) => message.type === 'changes');
  }

  /** Resolves when the predicate holds (checked after every message). */
  async waitFor(description: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `live client: timed out waiting for ${description} (at revision ${this.revision}, ${this.messages.length} messages)`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Until a snapshot has been applied. */
  waitForSnapshot(timeoutMs?: number): Promise<void> {
    return this.waitFor('snapshot', () => this.hasSnapshot, timeoutMs);
  }

  /** Until the client is at `revision` or later. */
  waitForRevision(revision: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(`revision ${revision}`, () => (this.revision ?? -1) >= revision, timeoutMs);
  }

  close(): void {
    this.socket.disconnect();
  }

  #record(message: LiveMessage): void {
    const previous = this.messages.at(-1);
    if (previous && message.type === 'changes' && message.revision <= previous.revision) {
      this.disorder.push(`${message.type} at ${message.revision} after ${previous.type} at ${previous.revision}`);
    }
    this.messages.push(message);
    this.arrivals.push(performance.timeOrigin + performance.now());
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
