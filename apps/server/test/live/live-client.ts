import { liveEvents, type ClusterEventRecord, type ClusterSnapshot, type LiveChanges, type LiveSnapshot } from '@wolfpack/contracts';
import { io, type Socket } from 'socket.io-client';
import { viewerToken } from './harness.ts';

/*
 * A console-like client of /live: applies every message in order to its copy of the
 * cluster, keeps the revision it is at, and reconnects the way index.ts recommends
 * (auth as a function, so each handshake names the revision it has).
 */

export type LiveMessage = ({ type: 'snapshot' } & LiveSnapshot) | ({ type: 'changes' } & LiveChanges);

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Apply one batch to a snapshot, in place, as a client would. */
export function applyChanges(cluster: ClusterSnapshot, message: LiveChanges, events: ClusterEventRecord[] = []): void {
  const lists = { node: cluster.nodes, group: cluster.groups, resource: cluster.resources, resourceType: cluster.resourceTypes } as Record<
    string,
    { name: string }[]
  >;
  for (const change of message.changes) {
    if (change.kind === 'event') {
      events.push(change.value as ClusterEventRecord);
      continue;
    }
    const list = lists[change.kind]!;
    const index = list.findIndex((view) => view.name === change.name);
    if (change.value === null) {
      if (index >= 0) list.splice(index, 1);
    } else if (index >= 0) list[index] = change.value as { name: string };
    else {
      list.push(change.value as { name: string });
      list.sort(byName);
    }
  }
  cluster.revision = message.revision;
}

export interface LiveClientOptions {
  token?: string;
  /** Send this revision in the first handshake too. */
  resume?: number;
  /** Don't resume on reconnect: a plain connect each time. */
  plain?: boolean;
  /** Extra handshake headers (a script's `Authorization: Bearer`). */
  extraHeaders?: Record<string, string>;
}

export class LiveClient {
  readonly socket: Socket;
  readonly messages: LiveMessage[] = [];
  /** When each message arrived (epoch ms, high resolution), before it was applied. */
  readonly arrivals: number[] = [];
  readonly events: ClusterEventRecord[] = [];
  cluster: ClusterSnapshot | undefined;
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
      auth: (callback) =>
        callback({
          ...(options.token !== '' ? { token: options.token ?? viewerToken } : {}),
          ...(this.revision !== undefined && !options.plain ? { resume: { revision: this.revision } } : {}),
        }),
    });
    this.socket.on(liveEvents.snapshot, (message: LiveSnapshot) => {
      this.#record({ type: 'snapshot', ...message });
      this.cluster = structuredClone(message.cluster);
      this.revision = message.revision;
      this.#wake();
    });
    this.socket.on(liveEvents.changes, (message: LiveChanges) => {
      this.#record({ type: 'changes', ...message });
      if (this.cluster) applyChanges(this.cluster, message, this.events);
      this.revision = message.revision;
      this.#wake();
    });
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

  /** Messages of one kind, from index `from` on. */
  changesFrom(from: number): LiveChanges[] {
    return this.messages.slice(from).filter((message) => message.type === 'changes');
  }

  /** Resolves when the predicate holds (checked after every message). */
  async waitFor(description: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`live client: timed out waiting for ${description} (at revision ${this.revision}, ${this.messages.length} messages)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
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
