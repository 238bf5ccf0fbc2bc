import { hostname } from 'node:os';
import { keys, type NodeStatus } from '@wolfpack/contracts';
import type { ClusterStore, LeaseId } from '../store/cluster-store.ts';

export interface HeartbeatOptions {
  store: ClusterStore;
  node: string;
  ttlMs: number;
  /** How often to renew; default a quarter of the TTL. */
  renewIntervalMs?: number;
  /** Called with the time until which this node may act (its lease is surely alive). */
  onValidUntil(validUntil: number, ttlMs: number): void;
  /** Called once when the lease is lost: the node must fence itself. */
  onLost(reason: string): void;
  log(message: string): void;
}

/**
 * The node's membership: a lease in the store, renewed well within its TTL, with the
 * node's status key bound to it. Gone lease = node Down, for everyone.
 *
 * "Valid until" is counted from when a renewal was *sent*, not acknowledged, so it is
 * never later than the store's own expiry: acting only before it keeps fencing safe.
 */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #lease: LeaseId = 0;
  #validUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #lost = false;
  #status: NodeStatus;
  #ttlMs: number;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs;
    this.#status = {
      name: options.node,
      phase: 'Joining',
      pid: process.pid,
      hostname: hostname(),
      startedAt: Date.now(),
      leaseTtlMs: options.ttlMs,
    };
  }

  get lease(): LeaseId {
    return this.#lease;
  }

  /** True while this node may act on its placements. */
  isValid(now = Date.now()): boolean {
    return !this.#lost && now < this.#validUntil;
  }

  get validUntil(): number {
    return this.#validUntil;
  }

  /** Grant a lease and publish the node status (phase Joining). */
  async start(): Promise<void> {
    const sentAt = Date.now();
    const grant = await this.#options.store.grantLease(this.#options.ttlMs);
    this.#lease = grant.id;
    this.#lost = false;
    // A store may grant more than asked (etcd: whole seconds): renew and fence by what it granted.
    this.#ttlMs = grant.ttlMs;
    this.#status = { ...this.#status, leaseTtlMs: grant.ttlMs };
    await this.#options.store.put(keys.nodeStatus(this.#options.node), JSON.stringify(this.#status), { lease: grant.id });
    // Renewed at once, not a quarter TTL later: the grant and the put may have waited long
    // (behind another writer), and the lease is counted from before that wait. A lease that
    // lapsed meanwhile fails the join (the caller joins again), rather than calling onLost
    // while the node is still joining.
    const renewSentAt = Date.now();
    if (renewSentAt >= sentAt + this.#ttlMs) {
      await this.#options.store.revokeLease(grant.id).catch(() => undefined);
      throw new Error(`lease lapsed while joining (${renewSentAt - sentAt - this.#ttlMs} ms late)`);
    }
    await this.#options.store.keepAlive(grant.id);
    this.#setValidUntil(renewSentAt + this.#ttlMs);
    this.#schedule();
  }

  /** Mark the node Up (after its first reconcile) or back to Joining. */
  async setPhase(phase: NodeStatus['phase']): Promise<void> {
    this.#status = { ...this.#status, phase };
    if (!this.isValid()) return;
    await this.#options.store.put(keys.nodeStatus(this.#options.node), JSON.stringify(this.#status), { lease: this.#lease });
  }

  async stop({ revoke }: { revoke: boolean }): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (revoke && this.#lease) await this.#options.store.revokeLease(this.#lease).catch(() => undefined);
  }

  #schedule(): void {
    if (this.#stopped) return;
    const interval = this.#options.renewIntervalMs ?? Math.max(50, Math.floor(this.#ttlMs / 4));
    this.#timer = setTimeout(() => void this.#renew(), interval);
  }

  async #renew(): Promise<void> {
    if (this.#stopped || this.#lost) return;
    const sentAt = Date.now();
    // A renewal after the lease surely ran out must not resurrect the node: it is fenced.
    if (sentAt >= this.#validUntil) {
      this.#lose(`lease not renewed in time (${sentAt - this.#validUntil} ms late)`);
      return;
    }
    try {
      await this.#options.store.keepAlive(this.#lease);
      if (this.#stopped) return;
      this.#setValidUntil(sentAt + this.#ttlMs);
    } catch (error) {
      this.#options.log(`lease renewal failed: ${(error as Error).message}`);
      if ((error as { code?: string }).code === 'lease-not-found') {
        this.#lose('lease expired in the store');
        return;
      }
    }
    this.#schedule();
  }

  #setValidUntil(validUntil: number): void {
    this.#validUntil = validUntil;
    this.#options.onValidUntil(validUntil, this.#ttlMs);
  }

  #lose(reason: string): void {
    if (this.#lost) return;
    this.#lost = true;
    clearTimeout(this.#timer);
    this.#options.onLost(reason);
  }
}
