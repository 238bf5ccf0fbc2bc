import type { ClusterStore, LeaseId } from '@wolfpack/store';
import { systemClock, type Clock } from './clock.ts';

export interface KeptLeaseOptions {
  store: ClusterStore;
  ttlMs: number;
  /** How often to renew; default a quarter of the granted TTL (at least 50 ms). */
  renewIntervalMs?: number;
  clock?: Clock;
  /** Called with each new "valid until" and the TTL the store granted. */
  onValidUntil?(validUntil: number, ttlMs: number): void;
  /** Called once when the lease is lost while kept (not after stop). */
  onLost(reason: string): void;
  log(message: string): void;
}

/**
 * A store lease, granted and then renewed well within its TTL, the one lease keeper of the
 * engine (a node's membership, the manager's candidacy).
 *
 * "Valid until" is counted from when a grant or renewal was *sent*, not acknowledged, so it
 * is never later than the store's own expiry: acting only before it keeps fencing safe. A
 * renewal due after that time is not sent: the lease is lost, never resurrected. Renewals
 * are sequential (the next one a renew interval after the last answer), as before.
 */
export class KeptLease {
  readonly #options: KeptLeaseOptions;
  readonly #clock: Clock;
  #id: LeaseId = 0;
  #ttlMs: number;
  /** Until when the store surely keeps the lease: from the grant on. */
  #aliveUntil = 0;
  /** The same, announced once renewed: the holder acts only after its first renewal. */
  #validUntil = 0;
  #cancelTimer: (() => void) | undefined;
  #stopped = false;
  #lost = false;

  constructor(options: KeptLeaseOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = options.ttlMs;
  }

  get id(): LeaseId {
    return this.#id;
  }

  /** The TTL the store granted (a store may grant more than asked: etcd, whole seconds). */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Until when the lease is surely alive in the store; 0 once lost. */
  get validUntil(): number {
    return this.#lost ? 0 : this.#validUntil;
  }

  isValid(now = this.#clock.now()): boolean {
    return !this.#lost && now < this.#validUntil;
  }

  /** Grant the lease (not yet renewed: call renewNow or keep). */
  async grant(): Promise<LeaseId> {
    const sentAt = this.#clock.now();
    const grant = await this.#options.store.grantLease(this.#options.ttlMs);
    this.#id = grant.id;
    this.#ttlMs = grant.ttlMs;
    this.#lost = false;
    this.#aliveUntil = sentAt + grant.ttlMs;
    return grant.id;
  }

  /**
   * Renew once, now: after writes that may have waited long (behind another writer), so the
   * lease is not counted from before that wait. A lease that lapsed meanwhile is revoked and
   * this rejects, rather than calling onLost for a holder that is still starting.
   */
  async renewNow(): Promise<void> {
    const sentAt = this.#clock.now();
    if (sentAt >= this.#aliveUntil) {
      await this.#options.store.revokeLease(this.#id).catch(() => undefined);
      throw new Error(`lease lapsed while joining (${sentAt - this.#aliveUntil} ms late)`);
    }
    await this.#options.store.keepAlive(this.#id);
    this.#setValidUntil(sentAt + this.#ttlMs);
  }

  /** Renew every interval until stopped or lost. */
  keep(): void {
    if (this.#stopped || this.#lost) return;
    const interval = this.#options.renewIntervalMs ?? Math.max(50, Math.floor(this.#ttlMs / 4));
    this.#cancelTimer = this.#clock.after(interval, () => void this.#renew());
  }

  async stop({ revoke }: { revoke: boolean }): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer?.();
    if (revoke && this.#id) await this.#options.store.revokeLease(this.#id).catch(() => undefined);
  }

  async #renew(): Promise<void> {
    if (this.#stopped || this.#lost) return;
    const sentAt = this.#clock.now();
    if (sentAt >= this.#aliveUntil) {
      this.#lose(`lease not renewed in time (${sentAt - this.#aliveUntil} ms late)`);
      return;
    }
    try {
      await this.#options.store.keepAlive(this.#id);
      if (this.#stopped) return;
      this.#setValidUntil(sentAt + this.#ttlMs);
    } catch (error) {
      if (this.#stopped) return;
      this.#options.log(`lease renewal failed: ${(error as Error).message}`);
      if ((error as { code?: string }).code === 'lease-not-found') {
        this.#lose('lease expired in the store');
        return;
      }
    }
    this.keep();
  }

  #setValidUntil(validUntil: number): void {
    this.#aliveUntil = validUntil;
    this.#validUntil = validUntil;
    this.#options.onValidUntil?.(validUntil, this.#ttlMs);
  }

  #lose(reason: string): void {
    if (this.#lost) return;
    this.#lost = true;
    this.#cancelTimer?.();
    this.#options.onLost(reason);
  }
}
