import type { ClusterCache } from '../live/cluster-cache.ts';
import type { CommandTarget } from './command.ts';

/** A command the console sent whose outcome the live stream has not shown yet. */
export interface PendingCommand {
  id: number;
  target: CommandTarget;
  /** What the object shows meanwhile: "Moving to OSDB_BACK…". */
  label: string;
  /** Accepted by the server; until then the request itself is in flight. */
  accepted: boolean;
  /** True once the cluster shows the command's outcome (or a failure that ends it). */
  done(cluster: ClusterCache): boolean;
  /** Give up showing it after this time (ms since the epoch): the stream stays the truth. */
  deadline: number;
}

const targetKey = (target: CommandTarget) => `${target.kind}:${target.name}`;

/**
 * The commands in flight, by object: added when a command is sent, kept after the server
 * accepts it until the live stream shows its outcome, dropped at once when the server
 * refuses it. Readers subscribe (useSyncExternalStore).
 */
export class PendingTracker {
  #entries: PendingCommand[] = [];
  #byObject = new Map<string, PendingCommand>();
  #listeners = new Set<() => void>();
  #nextId = 1;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The pending command of each object (the newest), keyed `kind:name`; a new Map on every change. */
  getByObject = (): ReadonlyMap<string, PendingCommand> => this.#byObject;

  get entries(): readonly PendingCommand[] {
    return this.#entries;
  }

  /** A command is being sent; returns its id for accept/refuse. */
  add(entry: Omit<PendingCommand, 'id' | 'accepted'>): number {
    const id = this.#nextId++;
    this.#entries = [...this.#entries, { ...entry, id, accepted: false }];
    this.#changed();
    return id;
  }

  /** The server accepted it: keep it until the cluster shows the outcome. `done` may be refined with the reply. */
  accept(id: number, done?: PendingCommand['done']): void {
    this.#entries = this.#entries.map((entry) =>
      entry.id === id ? { ...entry, accepted: true, ...(done ? { done } : {}) } : entry,
    );
    this.#changed();
  }

  /** The server refused it (or it could not be sent): it is over. */
  remove(id: number): void {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((entry) => entry.id !== id);
    if (this.#entries.length !== before) this.#changed();
  }

  /** Drop accepted commands whose outcome the cluster now shows, and any past their deadline. */
  settle(cluster: ClusterCache, now = Date.now()): void {
    const kept = this.#entries.filter((entry) => now < entry.deadline && !(entry.accepted && entry.done(cluster)));
    if (kept.length === this.#entries.length) return;
    this.#entries = kept;
    this.#changed();
  }

  isPending(target: CommandTarget): boolean {
    return this.#byObject.has(targetKey(target));
  }

  #changed(): void {
    this.#byObject = new Map(this.#entries.map((entry) => [targetKey(entry.target), entry]));
    for (const listener of this.#listeners) listener();
  }
}

export const pendingKey = targetKey;

/** How long a pending marker may stay without the stream confirming the outcome. */
export const pendingPatienceMs = 5 * 60_000;

/** The outcome each command waits for, read from the live cluster. */
export const outcomes = {
  online: (kind: 'group' | 'resource', name: string) => (c: ClusterCache) => {
    const state = kind === 'group' ? c.groups.get(name)?.state : c.resources.get(name)?.state;
    return state === undefined || state === 'Online' || state === 'Failed' || state === 'PartialOnline';
  },
  offline: (kind: 'group' | 'resource', name: string) => (c: ClusterCache) => {
    const state = kind === 'group' ? c.groups.get(name)?.state : c.resources.get(name)?.state;
    return state === undefined || state === 'Offline' || state === 'Failed';
  },
  failed: (name: string) => (c: ClusterCache) => {
    const state = c.resources.get(name)?.state;
    return state === undefined || state !== 'Online';
  },
  moved: (group: string, node: string) => (c: ClusterCache) => {
    const view = c.groups.get(group);
    return view === undefined || (view.ownerNode === node && view.state !== 'Pending') || view.state === 'Failed';
  },
  paused: (node: string, paused: boolean) => (c: ClusterCache) => c.nodes.get(node)?.paused !== !paused,
  gone: (kind: 'group' | 'resource', name: string) => (c: ClusterCache) =>
    !(kind === 'group' ? c.groups.has(name) : c.resources.has(name)),
};
