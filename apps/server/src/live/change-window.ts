import type { TaggedChange } from './live-views.ts';

/**
 * Batches changes: at most one batch per window. A change after a quiet window goes out
 * at once (on the next turn of the event loop, with whatever else the store delivered in
 * the same turn); changes that come sooner wait until the window since the last batch is
 * over, so a burst (a failover of many groups, resources passing through OnlinePending
 * to Online) is a few batches. An object changed twice before its batch goes out is sent
 * once, with its newest view, in the place of its newest change; log events never merge.
 */
export class ChangeWindow {
  readonly #windowMs: number;
  readonly #onFlush: (changes: TaggedChange[]) => void;
  #pending = new Map<string, TaggedChange>();
  #cancel: (() => void) | undefined;
  #lastFlush = Number.NEGATIVE_INFINITY;

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
    if (this.#pending.size === 0 || this.#cancel !== undefined) return;
    const wait = this.#lastFlush + this.#windowMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush());
      this.#cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.flush(), wait);
      this.#cancel = () => clearTimeout(timer);
    }
  }

  /** Hand on what is pending now (before a snapshot, so the snapshot and the batches meet exactly). */
  flush(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    if (this.#pending.size === 0) return;
    const changes = [...this.#pending.values()];
    this.#pending = new Map();
    this.#lastFlush = performance.now();
    this.#onFlush(changes);
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#pending.clear();
  }
}
