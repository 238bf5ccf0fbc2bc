import type { TaggedChange } from './views.ts';

/**
 * Collects changes for a short window that starts at the first change, so a burst (a
 * failover of many groups, a resource passing through OnlinePending to Online) goes out
 * as one batch. An object changed twice in a window is sent once, with its newest view,
 * in the place of its newest change; log events are never merged.
 */
export class ChangeWindow {
  readonly #windowMs: number;
  readonly #onFlush: (changes: TaggedChange[]) => void;
  #pending = new Map<string, TaggedChange>();
  #timer: NodeJS.Timeout | undefined;

  constructor(windowMs: number, onFlush: (changes: TaggedChange[]) => void) {
    this.#windowMs = windowMs;
    this.#onFlush = onFlush;
  }

  add(changes: readonly TaggedChange[]): void {
    for (const tagged of changes) {
      const id = `${tagged.change.kind}\u0000${tagged.change.name}`;
      this.#pending.delete(id);
      this.#pending.set(id, tagged);
    }
    if (this.#pending.size > 0 && this.#timer === undefined) this.#timer = setTimeout(() => this.flush(), this.#windowMs);
  }

  /** Hand on what is pending now (before a snapshot, so the snapshot and the batches meet exactly). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const changes = [...this.#pending.values()];
    this.#pending = new Map();
    this.#onFlush(changes);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}
