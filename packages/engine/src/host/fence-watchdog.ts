import { performance } from 'node:perf_hooks';

/*
 * Self-fencing inside the resource host. The agent renews its node lease and passes on
 * "you may run resources until T". If the agent freezes (SIGSTOP, a stuck event loop)
 * or cannot renew, no newer deadline arrives and the host stops the resources itself,
 * before the lease runs out and the failover manager starts them elsewhere.
 */

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits are taken in steps. */
const LONGEST_TIMER_MS = 2 ** 30;

export class FenceWatchdog {
  /** Monotonic deadline (performance.now() ms): wall-clock jumps after receipt do not move it. */
  #deadline: number | undefined;
  #terminateWithinMs = 1000;
  #timer: NodeJS.Timeout | undefined;
  #fencedAt: number | undefined;
  readonly #fence: (terminateWithinMs: number) => void;

  /** `fence` runs once per expiry, with the bound for each resource's terminate(). */
  constructor(fence: (terminateWithinMs: number) => void) {
    this.#fence = fence;
  }

  /** True from expiry until a deadline later than now arrives. */
  get fenced(): boolean {
    return this.#fencedAt !== undefined;
  }

  /** Why online must be refused now, or undefined when it may run. */
  refusal(): string | undefined {
    if (this.#fencedAt === undefined) return undefined;
    return `the resource host fenced itself at ${new Date(this.#fencedAt).toISOString()} (its node's lease deadline passed) and has no newer fence deadline`;
  }

  /** Takes a new deadline (epoch ms), replacing the previous one; a past deadline fences at once. */
  setDeadline(epochMs: number, terminateWithinMs: number): void {
    const remaining = epochMs - Date.now();
    this.#deadline = performance.now() + remaining;
    this.#terminateWithinMs = terminateWithinMs;
    if (remaining > 0) this.#fencedAt = undefined;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#deadline === undefined) return;
    const remaining = this.#deadline - performance.now();
    // Node may fire a timer a fraction of a millisecond early: treat under 1 ms as due.
    if (remaining < 1) {
      this.#expire();
      return;
    }
    this.#timer = setTimeout(() => this.#afterPendingInput(), Math.min(Math.ceil(remaining), LONGEST_TIMER_MS));
  }

  /**
   * After a stall Node runs due timers before it reads the input that arrived meanwhile,
   * which may hold a newer deadline (the agent renewed in time; this host was busy). So
   * the timer looks again one turn later, after pending input: a deadline that is still
   * past then fences. The turn costs microseconds, far inside the fence's lead.
   */
  #afterPendingInput(): void {
    this.#timer = undefined;
    setImmediate(() => {
      if (this.#timer === undefined) this.#schedule();
    });
  }

  #expire(): void {
    this.#deadline = undefined;
    if (this.#fencedAt !== undefined) return; // already fenced; a second past deadline changes nothing
    this.#fencedAt = Date.now();
    this.#fence(this.#terminateWithinMs);
  }
}
