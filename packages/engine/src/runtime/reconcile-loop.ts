import { systemClock, type Clock } from './clock.ts';

/** What a pass may ask of the loop: run again within this many milliseconds at the latest. */
export interface PassResult {
  requeueAfterMs?: number;
}

export interface ReconcileLoopOptions {
  /**
   * One level-based pass over the whole state. Its cost is its synchronous part (until it
   * first awaits): the time it holds this process's event loop, which lease renewals share.
   */
  pass(): PassResult | void | Promise<PassResult | void>;
  clock?: Clock;
  /** Called when an asynchronous pass rejects (the loop goes on). */
  onError?(error: unknown): void;
}

/** Passes are spaced by twice the last one's cost, never by more than this. */
const maxSpacingMs = 250;

/**
 * The one reconcile runtime (controller-runtime's work queue, for one key): triggers
 * coalesce into a single pending pass; passes never overlap; a pass may ask to be run
 * again after a delay (time-based rules); a trigger during a pass runs one more after it.
 *
 * Changes arrive in bursts (at a thousand groups, hundreds a second) and a pass costs time
 * in proportion to the cluster: spacing passes by twice the last one's cost keeps the
 * process — and the lease renewals that share it — from drowning, at no cost when idle.
 */
export class ReconcileLoop {
  readonly #pass: ReconcileLoopOptions['pass'];
  readonly #clock: Clock;
  readonly #onError: (error: unknown) => void;
  #cancelPending: (() => void) | undefined;
  #running = false;
  #again = false;
  #stopped = false;
  #lastPassEnd = Number.NEGATIVE_INFINITY;
  #lastPassMs = 0;
  /** When the earliest requested requeue is due, and its cancel. */
  #requeueAt = Number.POSITIVE_INFINITY;
  #cancelRequeue: (() => void) | undefined;

  constructor(options: ReconcileLoopOptions) {
    this.#pass = options.pass;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Something changed: run a pass soon (once, however many triggers come first). */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#cancelPending) return;
    const spacing = Math.min(maxSpacingMs, this.#lastPassMs * 2);
    // Clamped to the spacing: a wall clock set back must not hold the loop for its jump.
    const wait = Math.min(spacing, Math.max(0, this.#lastPassEnd + spacing - this.#clock.now()));
    this.#cancelPending = this.#clock.after(wait, () => {
      this.#cancelPending = undefined;
      void this.#run();
    });
  }

  /** Run a pass within `ms` at the latest (the earliest of all such requests wins). */
  requeueAfter(ms: number): void {
    if (this.#stopped) return;
    const at = this.#clock.now() + Math.max(0, ms);
    if (at >= this.#requeueAt) return;
    this.#cancelRequeue?.();
    this.#requeueAt = at;
    this.#cancelRequeue = this.#clock.after(Math.max(0, ms), () => {
      this.#requeueAt = Number.POSITIVE_INFINITY;
      this.#cancelRequeue = undefined;
      this.trigger();
    });
  }

  /** No more passes (one running finishes). */
  stop(): void {
    this.#stopped = true;
    this.#cancelPending?.();
    this.#cancelPending = undefined;
    this.#cancelRequeue?.();
    this.#cancelRequeue = undefined;
  }

  async #run(): Promise<void> {
    if (this.#stopped) return;
    this.#running = true;
    const started = this.#clock.now();
    try {
      const result = this.#pass();
      this.#lastPassEnd = this.#clock.now();
      this.#lastPassMs = this.#lastPassEnd - started;
      const settled = result instanceof Promise ? await result : result;
      if (settled?.requeueAfterMs !== undefined) this.requeueAfter(settled.requeueAfterMs);
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.trigger();
      }
    }
  }
}
