import type { LiveChange } from '@wolfpack/contracts';
import type { TaggedChange } from './live-views.ts';

export interface ChangeHistoryLimits {
  /** Keep at most this many batches. Default 10 000. */
  maxBatches?: number;
  /** Keep batches at most this old. Default 5 minutes. */
  maxAgeMs?: number;
  /** Keep at most this many changes in all (memory: a failover of every group is one big batch). Default 100 000. */
  maxChanges?: number;
  /** A resume that would take more changes than this gets a snapshot instead. Default 20 000. */
  maxResumeChanges?: number;
}

interface Batch {
  revision: number;
  at: number;
  changes: TaggedChange[];
}

/**
 * The recent batches, for clients that reconnect. Each change keeps the store revision
 * that made it, so a resume from any revision (also one a different server announced,
 * whose batches were cut elsewhere) gets exactly the changes after it.
 */
export class ChangeHistory {
  readonly #batches: Batch[] = [];
  readonly #maxBatches: number;
  readonly #maxAgeMs: number;
  readonly #maxChanges: number;
  readonly #maxResumeChanges: number;
  #changeCount = 0;
  /** Changes up to this revision may have been dropped: a resume must start at or after it. */
  #floor: number;

  constructor(startRevision: number, limits: ChangeHistoryLimits = {}) {
    this.#floor = startRevision;
    this.#maxBatches = limits.maxBatches ?? 10_000;
    this.#maxAgeMs = limits.maxAgeMs ?? 5 * 60_000;
    this.#maxChanges = limits.maxChanges ?? 100_000;
    this.#maxResumeChanges = limits.maxResumeChanges ?? 20_000;
  }

  /** The oldest revision a resume can start from. */
  get floor(): number {
    return this.#floor;
  }

  append(revision: number, changes: TaggedChange[], now = Date.now()): void {
    this.#batches.push({ revision, at: now, changes });
    this.#changeCount += changes.length;
    let drop = 0;
    while (
      drop < this.#batches.length &&
      (this.#batches.length - drop > this.#maxBatches ||
        now - this.#batches[drop]!.at > this.#maxAgeMs ||
        this.#changeCount > this.#maxChanges)
    ) {
      this.#changeCount -= this.#batches[drop]!.changes.length;
      drop++;
    }
    if (drop > 0) {
      this.#floor = this.#batches[drop - 1]!.revision;
      this.#batches.splice(0, drop);
    }
  }

  /**
   * Every change after `revision`, in order; undefined when some of them are no longer
   * held (or there are too many to be worth it): the client needs a snapshot.
   */
  since(revision: number): LiveChange[] | undefined {
    if (revision < this.#floor) return undefined;
    // Batches are in revision order: find the first one that can hold a change after `revision`.
    let low = 0;
    let high = this.#batches.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#batches[middle]!.revision <= revision) low = middle + 1;
      else high = middle;
    }
    const changes: LiveChange[] = [];
    for (let index = low; index < this.#batches.length; index++) {
      for (const tagged of this.#batches[index]!.changes) {
        if (tagged.revision <= revision) continue;
        changes.push(tagged.change);
        if (changes.length > this.#maxResumeChanges) return undefined;
      }
    }
    return changes;
  }
}
