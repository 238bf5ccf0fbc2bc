import { ClusterState, type LiveStatus as FeedStatus, type LiveUpdate } from '@wolfpack/client';
import type { LiveChanges, LiveSnapshot } from '@wolfpack/contracts';
import type { LiveFeedPort } from '../../src/live/live-connection.ts';

/** Stands where the client's LiveFeed is: applies what "the server" sends to its state, then tells its listeners. */
export class FakeFeed implements LiveFeedPort {
  readonly state = new ClusterState();
  status: FeedStatus = 'connecting';
  reason: string | undefined;
  closed = false;
  reconnects = 0;
  #listeners = new Set<(update: LiveUpdate, state: ClusterState) => void>();
  #statusListeners = new Set<(status: FeedStatus, reason?: string) => void>();

  subscribe(listener: (update: LiveUpdate, state: ClusterState) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  onStatus(listener: (status: FeedStatus, reason?: string) => void) {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }
  reconnect() {
    this.reconnects += 1;
  }
  close() {
    this.closed = true;
    this.setStatus('closed');
  }
  setStatus(status: FeedStatus, reason?: string) {
    this.status = status;
    if (reason !== undefined) this.reason = reason;
    for (const listener of [...this.#statusListeners]) listener(status, reason);
  }
  snapshot(message: LiveSnapshot) {
    this.state.applySnapshot(message);
    for (const listener of [...this.#listeners]) listener({ type: 'snapshot', revision: message.revision }, this.state);
  }
  changes(message: LiveChanges) {
    const events = this.state.applyChanges(message);
    for (const listener of [...this.#listeners])
      listener({ type: 'changes', revision: message.revision, changes: message.changes, events }, this.state);
  }
}
