import type { CallOptions } from '@grpc/grpc-js';
import { StoreError } from '@wolfpack/store';
import type { Etcd3 } from 'etcd3';
import { mayRetry, storeErrorCode, toStoreError } from './errors.ts';
import type { Member, Members } from './members.ts';

/*
 * Calls to the etcd members on the store's behalf: each with a deadline, tried on the
 * members in the order Members gives, retried when that is safe; and watch streams.
 */

export interface MemberCallsOptions {
  members: Members;
  /** The store's endpoints, named in errors. */
  endpoints: string[];
  /** How long one call may take, retries included. */
  timeoutMs: number;
  /** How long one attempt on one member may take (writes twice this). */
  attemptTimeoutMs: number;
  /** True once the store is closed: nothing is sent after. */
  closed: () => boolean;
}

export class MemberCalls {
  readonly #members: Members;
  readonly #endpoints: string[];
  readonly #timeoutMs: number;
  readonly #attemptTimeoutMs: number;
  readonly #closed: () => boolean;

  constructor(options: MemberCallsOptions) {
    this.#members = options.members;
    this.#endpoints = options.endpoints;
    this.#timeoutMs = options.timeoutMs;
    this.#attemptTimeoutMs = options.attemptTimeoutMs;
    this.#closed = options.closed;
  }

  /**
   * One etcd call with a deadline, sent to the members in the order Members gives (the
   * current one first, suspect ones last). What is safe to send again is retried on the
   * next member until the deadline. A write is sent again only if it surely reached no
   * member: one that timed out after it was sent may still be committed, so it fails
   * with 'unavailable' instead.
   */
  async call<T>(what: string, mutating: boolean, run: (options: CallOptions, client: Etcd3) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.#timeoutMs;
    const attemptMs = mutating ? 2 * this.#attemptTimeoutMs : this.#attemptTimeoutMs;
    let pause = 10;
    let lastFailure: StoreError | undefined;
    for (;;) {
      for (const member of this.#members.order()) {
        if (this.#closed()) throw new StoreError('closed', `${what}: the etcd store is closed`);
        this.#members.sending(member);
        const started = Date.now();
        const attemptDeadline = Math.min(deadline, started + attemptMs);
        try {
          const result = await run({ deadline: attemptDeadline }, member.client);
          this.#members.answered(member);
          return result;
        } catch (error) {
          const failure = toStoreError(what, error, this.#closed(), [member.endpoint]);
          if (storeErrorCode(error, this.#closed()) !== 'unavailable') {
            // etcd answered (compacted, invalid, lease not found): the member is fine.
            this.#members.answered(member);
            throw failure;
          }
          // An attempt the call's own deadline cut short says nothing about the member.
          if (attemptDeadline - started >= attemptMs) this.#members.unreachable(member);
          if (!mayRetry(error, mutating) || Date.now() >= deadline) throw failure;
          lastFailure = failure;
        }
      }
      // Every member failed this round: wait a little (they may be electing a leader).
      if (Date.now() + pause >= deadline)
        throw (
          lastFailure ??
          new StoreError('unavailable', `${what} failed: no etcd member answered (etcd ${this.#endpoints.join(',')})`)
        );
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 200);
    }
  }

  /** A watch stream on the first member in call order; a member that refuses becomes suspect. */
  async openWatchStream(): Promise<{ stream: Awaited<ReturnType<Etcd3['watchClient']['watch']>>; member: Member }> {
    let lastError: unknown = new StoreError('unavailable', 'no etcd member');
    for (const member of this.#members.order()) {
      try {
        return { stream: await member.client.watchClient.watch(), member };
      } catch (error) {
        lastError = error;
        this.#members.unreachable(member);
      }
    }
    throw lastError;
  }
}
