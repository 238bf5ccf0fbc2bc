import { retryDelayMs } from '../policy/index.ts';
import type { Clock } from '../runtime/index.ts';
import type { ClusterStore, LeaseId } from '@wolfpack/store';
import { Heartbeat } from './heartbeat.ts';

export interface MembershipOptions {
  store: ClusterStore;
  node: string;
  clock: Clock;
  /** The lease TTL to ask for, read at each join. */
  ttlMs(): number;
  /** False once the agent stops: no more attempts. */
  running(): boolean;
  /** Each renewal; `lapsed` when the previous "valid until" had passed (the node had stopped acting). */
  onValidUntil(validUntil: number, ttlMs: number, lapsed: boolean): void;
  /** The lease is lost: stop everything at once (the node joins again after). */
  fence(reason: string): Promise<void>;
  /** The lease and the node status are in place, before the node acts. */
  onJoined(ttlMs: number): Promise<void>;
  log(message: string): void;
}

/**
 * The node's membership across lives: one heartbeat per join, joined again (after a
 * backoff) until joined or stopped.
 */
export class Membership {
  readonly #options: MembershipOptions;
  #heartbeat: Heartbeat | undefined;
  #validUntil = 0;
  #fencing = false;
  #markedUp = false;
  /** Ends a wait between join attempts early (stop). */
  #wake: (() => void) | undefined;

  constructor(options: MembershipOptions) {
    this.#options = options;
  }

  /** Between losing the lease and joining again: the node acts on nothing. */
  get fencing(): boolean {
    return this.#fencing;
  }

  get lease(): LeaseId {
    return this.#heartbeat?.lease ?? 0;
  }

  /** Until when the node may act; 0 before it joined and once it lost its lease. */
  get validUntil(): number {
    return this.#heartbeat?.validUntil ?? 0;
  }

  isValid(): boolean {
    return this.#heartbeat?.isValid() ?? false;
  }

  /** The node status says Up (or the write is on its way); false again at each join. */
  get markedUp(): boolean {
    return this.#markedUp;
  }

  /** Mark the node Up; when the write fails, `retry` (a node left Joining would never count as Up). */
  markUp(retry: () => void): void {
    this.#markedUp = true;
    void (this.#heartbeat?.setPhase('Up') ?? Promise.resolve()).catch((error: Error) => {
      this.#markedUp = false;
      this.#options.log(`could not mark node Up: ${error.message}; retrying`);
      retry();
    });
  }

  /**
   * Join, and when the store refuses (a lease that lapsed while the join waited on it, the
   * store unavailable), join again after a backoff: until joined or stopped. The node
   * stays a process that can be stopped meanwhile, not one that exits for a launcher to restart.
   */
  async joinUntilJoined(what: string): Promise<void> {
    for (let attempt = 0; this.#options.running(); attempt += 1) {
      try {
        await this.#join();
        // Stopped while the join went on: the lease it took must not outlive the agent.
        if (!this.#options.running()) await this.leave({ revoke: true });
        return;
      } catch (error) {
        // A half-made join (a lease granted, a status written) goes before the next one.
        await this.leave({ revoke: true });
        if (!this.#options.running()) return;
        const delayMs = retryDelayMs(attempt, Math.random());
        this.#options.log(
          `${what} failed: ${(error as Error).message}; retrying in ${delayMs} ms (attempt ${attempt + 2})`,
        );
        await new Promise<void>((resolve) => {
          const cancel = this.#options.clock.after(delayMs, resolve);
          this.#wake = () => {
            cancel();
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }

  /** Stop waiting to join again (the agent stops). */
  wake(): void {
    this.#wake?.();
  }

  async leave({ revoke }: { revoke: boolean }): Promise<void> {
    await this.#heartbeat?.stop({ revoke });
  }

  async #join(): Promise<void> {
    const ttlMs = this.#options.ttlMs();
    this.#heartbeat = new Heartbeat({
      store: this.#options.store,
      node: this.#options.node,
      ttlMs,
      clock: this.#options.clock,
      onValidUntil: (validUntil, grantedTtlMs) => {
        const lapsed = this.#validUntil < this.#options.clock.now();
        this.#validUntil = validUntil;
        this.#options.onValidUntil(validUntil, grantedTtlMs, lapsed);
      },
      onLost: (reason) => void this.#lost(reason),
      log: this.#options.log,
    });
    await this.#heartbeat.start();
    this.#markedUp = false;
    await this.#options.onJoined(ttlMs);
  }

  /** Lost the lease: fence, then join again as a new member. */
  async #lost(reason: string): Promise<void> {
    if (this.#fencing || !this.#options.running()) return;
    this.#fencing = true;
    try {
      await this.#options.fence(reason);
      await this.leave({ revoke: false });
      await this.joinUntilJoined('rejoin');
    } finally {
      this.#fencing = false;
    }
  }
}
