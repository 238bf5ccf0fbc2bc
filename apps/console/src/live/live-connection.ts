import { io, type Socket } from 'socket.io-client';
import type { LiveChanges, LiveResume, LiveSnapshot } from '@wolfpack/contracts';
import type { LiveSync } from './live-sync.ts';

/** What the banner shows. */
export interface LiveStatus {
  state: 'connecting' | 'connected' | 'disconnected' | 'unauthorized';
  /** When the state began (ms since the epoch). */
  since: number;
  /** Why the last connection ended or failed, in the server's or socket.io's words. */
  reason?: string;
}

export interface LiveConnectionOptions {
  sync: LiveSync;
  /** Origin of the server; empty for the console's own origin. */
  url?: string;
  /** Called when the server refuses the socket for want of a session. */
  onUnauthorized?: () => void;
}

/** The User Timing mark set when a `changes` batch arrives. */
export const liveBatchMark = 'wolfpack:live-changes';

const looksUnauthorized = (message: string) => /401|unauthori[sz]ed|not signed in|no session|authenticat/i.test(message);

/**
 * The one socket.io connection to namespace `/live`. It hands `snapshot` and `changes` to
 * LiveSync, and on every reconnect resumes from the revision the cache reached (in the
 * handshake's `auth.resume`, and as a `resume` event). socket.io reconnects by itself;
 * the status says whether the console is live.
 */
export class LiveConnection {
  #socket: Socket | undefined;
  #status: LiveStatus = { state: 'connecting', since: Date.now() };
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
    if (this.#socket) return;
    const sync = this.#options.sync;
    const socket = io(`${this.#options.url ?? ''}/live`, {
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      // Evaluated at every (re)connect: the server resumes from the handshake, sending
      // only the changes after our revision instead of a snapshot.
      auth: (callback) => callback(sync.revision === undefined ? {} : { resume: { revision: sync.revision } }),
    });
    this.#socket = socket;
    this.#setStatus({ state: 'connecting', since: Date.now() });

    socket.on('connect', () => {
      this.#setStatus({ state: 'connected', since: Date.now() });
      // Also said as an event: harmless when the handshake already resumed (the server
      // sends nothing twice), and it covers a server that only reads the event.
      const revision = sync.revision;
      if (revision !== undefined) socket.emit('resume', { revision } satisfies LiveResume);
    });
    socket.on('snapshot', (snapshot: LiveSnapshot) => {
      sync.receiveSnapshot(snapshot);
    });
    socket.on('changes', (batch: LiveChanges) => {
      // A User Timing mark of the latest batch, for measuring stream → screen (only the last is kept).
      performance.clearMarks(liveBatchMark);
      performance.mark(liveBatchMark, { detail: { revision: batch.revision, changes: batch.changes.length } });
      sync.receiveChanges(batch);
    });
    socket.on('disconnect', (reason) => {
      this.#setStatus({ state: 'disconnected', since: Date.now(), reason: String(reason) });
      // The server closed this socket on purpose (e.g. its session ended): socket.io
      // does not retry that by itself. Try again; a refused handshake tells us why.
      if (reason === 'io server disconnect') setTimeout(() => this.#socket?.connect(), 1000);
    });
    socket.on('connect_error', (error: Error & { data?: { error?: string } }) => {
      if (error.data?.error === 'unauthorized' || looksUnauthorized(error.message)) {
        this.#setStatus({ state: 'unauthorized', since: Date.now(), reason: error.message });
        this.#options.onUnauthorized?.();
        return;
      }
      if (this.#status.state !== 'disconnected' || this.#status.reason !== error.message) {
        const since = this.#status.state === 'disconnected' ? this.#status.since : Date.now();
        this.#setStatus({ state: 'disconnected', since, reason: error.message });
      }
    });
  }

  /** Close for good (log out, or the page goes away). */
  stop(): void {
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  /** Drop the connection and reconnect (tests, or a "Reconnect now" button). */
  reconnect(): void {
    if (!this.#socket) return this.start();
    this.#socket.disconnect();
    this.#socket.connect();
  }

  #setStatus(status: LiveStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }
}
