import { keys, type ClusterEvent } from '@wolfpack/contracts';
import { eventPutOp } from '../events/index.ts';
import type { StateFollower } from '../follow/state-follower.ts';
import type { ClusterStore, Compare, TxnOp } from '@wolfpack/store';
import { activeStates, statusRecord, type LocalResource } from './local-resource.ts';

/**
 * Writes this node's resource statuses with compare-and-swap, so two nodes can never
 * both believe they hold a resource: a node writes a status key only if it is still the
 * last writer, or (taking over) if the key is exactly as it last saw it.
 */
export class StatusPublisher {
  readonly #store: ClusterStore;
  readonly #node: string;
  readonly #lease: () => number;
  readonly #follower: () => StateFollower;
  /** Revision of this node's last successful write per status key. */
  readonly #written = new Map<string, number>();
  readonly #queues = new Map<string, Promise<boolean>>();
  /** Status keys whose last write failed for want of the store (not lost to another node), with the retry timer. */
  readonly #unsent = new Map<string, { resource: LocalResource; timer: NodeJS.Timeout | undefined; delayMs: number }>();
  /** Bumped by forgetAll and stop: failures of writes sent before then are not retried. */
  #generation = 0;
  #stopped = false;

  constructor(options: { store: ClusterStore; node: string; lease: () => number; follower: () => StateFollower }) {
    this.#store = options.store;
    this.#node = options.node;
    this.#lease = options.lease;
    this.#follower = options.follower;
  }

  /** Forget ownership (after fencing: the old lease's keys are gone or going). */
  forgetAll(): void {
    this.#generation += 1;
    this.#written.clear();
    for (const unsent of this.#unsent.values()) clearTimeout(unsent.timer);
    this.#unsent.clear();
  }

  /** The node leaves: no more retries. */
  stop(): void {
    this.#stopped = true;
    this.forgetAll();
  }

  /** The resource is gone from the configuration: never write its status again. */
  forget(resource: string): void {
    const key = keys.resourceStatus(resource);
    const unsent = this.#unsent.get(key);
    if (unsent) clearTimeout(unsent.timer);
    this.#unsent.delete(key);
    this.#written.delete(key);
  }

  /** True if this node wrote the key last (as far as it knows). */
  owns(resource: string): boolean {
    return this.#written.has(keys.resourceStatus(resource));
  }

  /**
   * Publish the resource's current local status (and events with it, atomically).
   * Resolves false when another node holds the status key: the caller must back off.
   */
  publish(resource: LocalResource, events: ClusterEvent[] = []): Promise<boolean> {
    const key = keys.resourceStatus(resource.name);
    const previous = this.#queues.get(key) ?? Promise.resolve(true);
    const generation = this.#generation;
    const next = previous
      .then(async () => {
        const written = await this.#write(resource, key, events);
        this.#sent(key);
        return written;
      })
      .catch((error: unknown) => {
        // Only a store that did not answer is worth another try, and only for this life of the node.
        if ((error as { code?: string }).code === 'unavailable' && generation === this.#generation && !this.#stopped)
          this.#retryLater(key, resource);
        return false;
      });
    this.#queues.set(key, next);
    return next;
  }

  #sent(key: string): void {
    const unsent = this.#unsent.get(key);
    if (!unsent) return;
    clearTimeout(unsent.timer);
    this.#unsent.delete(key);
  }

  /**
   * The store did not take the write (unreachable, or timed out with the outcome unknown).
   * Nothing else would write this status again until the resource changes state, and a
   * group would show Pending for good: write the resource's status as it is then, backing
   * off up to 2 s, until a write goes through or the node is fenced.
   */
  #retryLater(key: string, resource: LocalResource): void {
    const unsent = this.#unsent.get(key) ?? { resource, timer: undefined, delayMs: 50 };
    unsent.resource = resource;
    this.#unsent.set(key, unsent);
    if (unsent.timer) return;
    unsent.delayMs = Math.min(unsent.delayMs * 2, 2000);
    unsent.timer = setTimeout(() => {
      unsent.timer = undefined;
      if (this.#unsent.get(key) === unsent && this.#lease()) void this.publish(unsent.resource);
    }, unsent.delayMs);
    unsent.timer.unref();
  }

  async #write(resource: LocalResource, key: string, events: ClusterEvent[], adopted = false): Promise<boolean> {
    // Without a lease (fenced, not yet rejoined) a status would never expire: write nothing.
    const lease = this.#lease();
    if (!lease) return false;
    const own = this.#written.get(key);
    const seen = this.#follower().modRevision(key);
    // A late "Offline"/"Failed" from a node that lost the resource must not overwrite the
    // status of the node that holds it now.
    const current = this.#follower().state.resourceStatuses.get(resource.name);
    if (
      own === undefined &&
      !activeStates.has(resource.state) &&
      current &&
      current.node !== this.#node &&
      activeStates.has(current.state)
    )
      return false;
    const compare: Compare[] =
      own !== undefined
        ? [{ key, target: 'modRevision', op: '=', value: own }]
        : seen === 0
          ? [{ key, target: 'exists', value: false }]
          : [{ key, target: 'modRevision', op: '=', value: seen }];
    const success: TxnOp[] = [
      { op: 'put', key, value: JSON.stringify(statusRecord(resource, this.#node)), lease },
      ...events.map(eventPutOp),
    ];
    const result = await this.#store.txn({ compare, success, failure: [{ op: 'get', key }] });
    if (result.succeeded) {
      this.#written.set(key, result.revision);
      return true;
    }
    // A write of ours whose call failed may still have landed (etcd: timed out after it
    // was sent). The key then holds our record under our lease: it is ours, write over it.
    const holder = result.gets[0];
    if (!adopted && holder && holder.lease === lease && recordNode(holder.value) === this.#node) {
      this.#written.set(key, holder.modRevision);
      return this.#write(resource, key, events, true);
    }
    this.#written.delete(key);
    return false;
  }
}

function recordNode(value: string): string | undefined {
  try {
    return (JSON.parse(value) as { node?: string }).node;
  } catch {
    return undefined;
  }
}
