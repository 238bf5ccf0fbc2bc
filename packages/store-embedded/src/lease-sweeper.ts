import type { LeaseId } from '@wolfpack/store';
import type { Statements } from './statements.ts';

export interface LeaseSweeperOptions {
  statements: Statements;
  /** Longest wait between two looks at the lease table. */
  intervalMs: number;
  /** Delete an expired lease and its keys, in its own write transaction (a no-op if renewed meanwhile). */
  expire(lease: LeaseId): void | Promise<void>;
}

/**
 * Expires leases for the whole cluster: every store instance runs one, and whichever
 * notices an expiry first deletes the lease's keys (idempotent, so races are harmless).
 * It wakes at the earliest known expiry, and at least every intervalMs to notice leases
 * that other processes granted or renewed.
 */
export class LeaseSweeper {
  readonly #options: LeaseSweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  #stopped = false;

  constructor(options: LeaseSweeperOptions) {
    this.#options = options;
    this.#schedule(Date.now() + options.intervalMs);
  }

  /** A lease of this instance will expire at this time: be there. */
  expectExpiry(at: number): void {
    if (at < this.#wakeAt) this.#schedule(at);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(at: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#wakeAt = at;
    this.#timer = setTimeout(() => void this.#sweep(), Math.max(0, at - Date.now()));
    this.#timer.unref();
  }

  async #sweep(): Promise<void> {
    if (this.#stopped) return;
    const { statements, intervalMs } = this.#options;
    try {
      for (const { id } of statements.expiredLeases.all(Date.now())) {
        if (this.#stopped) return;
        await this.#options.expire(id);
      }
      const next = statements.nextExpiry.get()?.at ?? Infinity;
      this.#schedule(Math.min(next, Date.now() + intervalMs));
    } catch {
      // Busy past the timeout or closing: try again later.
      this.#schedule(Date.now() + intervalMs);
    }
  }
}
