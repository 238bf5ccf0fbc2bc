/*
 * One ClusterStore watch on its own etcd watch stream. etcd sends whole revisions in
 * each response (its API promises never to split one), so a response is one batch. The
 * stream reconnects by itself (to any member) and resumes at the revision after the last
 * one received; only a compaction past that revision, a failing onBatch, cancel or close
 * ends the watch.
 */
import { StoreError, type Watch, type WatchBatch, type WatchEvent, type WatchHandlers } from '@wolfpack/store';
import type { IDuplexStream, IWatchRequest, IWatchResponse } from 'etcd3';
import type { KeySpace } from './convert.ts';
import { closeStream } from './lease-calls.ts';
import type { Member } from './members.ts';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> & { pause?(): void; resume?(): void };

export interface EtcdWatchOptions {
  keys: KeySpace;
  prefix: string;
  /** First revision to deliver. */
  fromRevision: number;
  prevKv: boolean;
  handlers: WatchHandlers;
  /** A new watch stream to some member (with the require-leader header, so a member cut off from the majority ends it). */
  openStream(): Promise<{ stream: WatchStream; member: Member }>;
  /** The member's stream failed or was cancelled for want of a leader. */
  onStreamLost(member: Member): void;
  /** Called once when the watch has ended, whatever the reason. */
  onEnd(watch: EtcdWatch): void;
}

/** Undelivered batches past which the stream is paused until onBatch catches up. */
const pauseAbove = 64;
const backoffMs = { first: 25, max: 1000 };

export class EtcdWatch implements Watch {
  readonly #options: EtcdWatchOptions;
  /** The next revision to ask etcd for after a reconnect. */
  #next: number;
  #stream: WatchStream | undefined;
  #member: Member | undefined;
  /** Ends the wait on the current stream (to reconnect elsewhere). */
  #release: (() => void) | undefined;
  #queue: WatchBatch[] = [];
  #pumping = false;
  #over = false;
  #backoff = backoffMs.first;

  constructor(options: EtcdWatchOptions) {
    this.#options = options;
    this.#next = options.fromRevision;
    void this.#run();
  }

  async cancel(): Promise<void> {
    this.#end();
  }

  /** The member the stream is open on, if one is. */
  get member(): Member | undefined {
    return this.#member;
  }

  /** Drop the current stream and open another at once (its member stopped answering). */
  reconnect(): void {
    if (this.#over) return;
    this.#dropStream();
    this.#backoff = backoffMs.first;
  }

  /** End the watch with onError (close of the store, compaction, onBatch failure). */
  fail(error: StoreError): void {
    if (this.#over) return;
    this.#end();
    this.#options.handlers.onError?.(error);
  }

  #end(): void {
    if (this.#over) return;
    this.#over = true;
    this.#queue = [];
    this.#dropStream();
    this.#options.onEnd(this);
  }

  #dropStream(): void {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#member = undefined;
    if (stream) closeStream(stream);
    this.#release?.();
  }

  /** Keep one stream open until the watch is over; after each loss wait a little longer (up to 1 s) and open another. */
  async #run(): Promise<void> {
    while (!this.#over) {
      try {
        const { stream, member } = await this.#options.openStream();
        if (this.#over) {
          closeStream(stream);
          return;
        }
        this.#stream = stream;
        this.#member = member;
        await new Promise<void>((resolve) => {
          this.#release = resolve;
          stream.on('data', (response) => stream === this.#stream && this.#receive(response));
          stream.on('error', () => {
            // Only a loss we did not cause says something about the member.
            if (stream === this.#stream) this.#options.onStreamLost(member);
            resolve();
          });
          stream.on('end', () => resolve());
          const { keys, prefix, prevKv } = this.#options;
          const createRequest = { ...keys.prefixRange(prefix), start_revision: this.#next, prev_kv: prevKv };
          stream.write({ create_request: createRequest });
        });
        this.#release = undefined;
        if (this.#stream === stream) {
          this.#stream = undefined;
          this.#member = undefined;
        }
      } catch {
        // no member reachable right now: try again after the backoff
      }
      if (this.#over) return;
      await new Promise((resolve) => setTimeout(resolve, this.#backoff));
      this.#backoff = Math.min(this.#backoff * 2, backoffMs.max);
    }
  }

  #receive(response: IWatchResponse): void {
    if (this.#over) return;
    if (response.canceled) {
      const compacted = Number(response.compact_revision);
      const reason = response.cancel_reason ?? '';
      if (compacted > 0) {
        const gone = `revision ${this.#next} is compacted (history starts at ${compacted})`;
        this.fail(new StoreError('compacted', `watch ${this.#options.prefix}: ${gone}`));
      } else if (reason.includes('permission denied')) {
        this.fail(new StoreError('invalid', `watch ${this.#options.prefix}: ${reason}`));
      } else {
        // e.g. the member lost its leader: drop this stream, the loop opens another elsewhere
        const member = this.#member;
        this.#dropStream();
        if (member) this.#options.onStreamLost(member);
      }
      return;
    }
    if (response.created) {
      this.#backoff = backoffMs.first;
      return;
    }
    if (response.events.length === 0) return; // progress notification
    const events: WatchEvent[] = response.events.map((event) => ({
      type: event.type === 'Delete' ? 'delete' : 'put',
      kv: this.#options.keys.toKeyValue(event.kv),
      ...(event.prev_kv ? { prevKv: this.#options.keys.toKeyValue(event.prev_kv) } : {}),
    }));
    const revision = events.at(-1)!.kv.modRevision;
    this.#next = revision + 1;
    this.#queue.push({ events, revision });
    if (this.#queue.length > pauseAbove) this.#stream?.pause?.();
    void this.#pump();
  }

  /** Deliver queued batches one at a time: the next onBatch runs after the previous one settled. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (!this.#over && this.#queue.length > 0) {
        const batch = this.#queue.shift()!;
        try {
          await this.#options.handlers.onBatch(batch);
        } catch (error) {
          const failure = `onBatch failed at revision ${batch.revision}: ${(error as Error).message}`;
          this.fail(new StoreError('invalid', `watch ${this.#options.prefix}: ${failure}`));
          return;
        }
      }
      this.#stream?.resume?.();
    } finally {
      this.#pumping = false;
    }
  }
}
