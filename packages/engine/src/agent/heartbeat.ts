import { hostname } from 'node:os';
import { keys, type NodeStatus } from '@wolfpack/contracts';
import { KeptLease, systemClock, type Clock } from '../runtime/index.ts';
import type { ClusterStore, LeaseId } from '@wolfpack/store';

export interface HeartbeatOptions {
  store: ClusterStore;
  node: string;
  ttlMs: number;
  /** How often to renew; default a quarter of the TTL. */
  renewIntervalMs?: number;
  clock?: Clock;
  /** Called with the time until which this node may act (its lease is surely alive). */
  onValidUntil(validUntil: number, ttlMs: number): void;
  /** Called once when the lease is lost: the node must fence itself. */
  onLost(reason: string): void;
  log(message: string): void;
}

/**
 * The node's membership: a kept lease (runtime/kept-lease.ts) with the node's status key
 * bound to it. Gone lease = node Down, for everyone.
 */
export class Heartbeat {
  readonly #options: HeartbeatOptions;
  readonly #lease: KeptLease;
  #status: NodeStatus;

  constructor(options: HeartbeatOptions) {
    this.#options = options;
    this.#lease = new KeptLease(options);
    this.#status = {
      name: options.node,
      phase: 'Joining',
      pid: process.pid,
      hostname: hostname(),
      // Cluster formation counts from the earliest startedAt: a decision input, so the agent's clock.
      startedAt: (options.clock ?? systemClock).now(),
      leaseTtlMs: options.ttlMs,
    };
  }

  get lease(): LeaseId {
    return this.#lease.id;
  }

  /** True while this node may act on its placements. */
  isValid(now?: number): boolean {
    return this.#lease.isValid(now);
  }

  /** Until when this node may act; 0 before the first renewal and once the lease is lost. */
  get validUntil(): number {
    return this.#lease.validUntil;
  }

  /** Grant a lease and publish the node status (phase Joining). */
  async start(): Promise<void> {
    const lease = await this.#lease.grant();
    this.#status = { ...this.#status, leaseTtlMs: this.#lease.ttlMs };
    await this.#options.store.put(keys.nodeStatus(this.#options.node), JSON.stringify(this.#status), { lease });
    // Renewed at once, not a quarter TTL later: the grant and the put may have waited long
    // (behind another writer), and the lease is counted from before that wait. A lease that
    // lapsed meanwhile fails the join (the caller joins again), rather than calling onLost
    // while the node is still joining.
    await this.#lease.renewNow();
    this.#lease.keep();
  }

  /** Mark the node Up (after its first reconcile) or back to Joining. */
  async setPhase(phase: NodeStatus['phase']): Promise<void> {
    this.#status = { ...this.#status, phase };
    if (!this.isValid()) return;
    await this.#options.store.put(keys.nodeStatus(this.#options.node), JSON.stringify(this.#status), {
      lease: this.#lease.id,
    });
  }

  stop({ revoke }: { revoke: boolean }): Promise<void> {
    return this.#lease.stop({ revoke });
  }
}
