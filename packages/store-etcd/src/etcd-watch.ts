/*
 * One ClusterStore watch on its own etcd watch stream. etcd sends whole revisions in
 * each response (its API promises never to split one), so a response is one batch. The
 * stream reconnects by itself (to any member) and resumes at the revision after the last
 * one received; only a compaction past that revision, a failing onBatch, cancel or close
 * ends the watch.
 */
import { StoreError, type Watch, type WatchBatch, type WatchEvent, type WatchHandlers } from '@wolfpack/engine';
import type { IDuplexStream, IWatchRequest, IWatchResponse } from 'etcd3';
import type { KeySpace } from './convert.ts';
import { closeStream } from './lease-calls.ts';

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> & { pause?(): void; resume?(): void };

export interface EtcdWatchOptions {
  keys: KeySpace;
  prefix: string;
  /** First revision to deliver. */
  fromRevision: number;
  prevKv: boolean;
  handlers: WatchHandlers;
  /** A new watch stream to some member (with the require-leader header, so a member cut off from the majority ends it). */
  openStream(): Promise<WatchStream>;
  /** Called once when the watch has ended, whatever the reason. */
  onEnd(watch: EtcdWatch): void;
}

/** Undelivered batches past which the stream is paused until onBatch catches up. */
const pauseAbove = 64;
const backoffMs = { first: 25, max: 1000 };

export class EtcdWatch implements Watch {
  readonly #o: EtcdWatchOptions;
  /** The next revision to ask etcd for after a reconnect. */
  #next: number;
  #stream: WatchStream | undefined;
  #queue: WatchBatch[] = [];
  #pumping = false;
  #over = false;
  #backoff = backoffMs.first;

  constructor(options: EtcdWatchOptions) {
    this.#o = options;
    this.#next = options.fromRevision;
    void this.#run();
  }

  async cancel(): Promise<void> {
    this.#end();
  }

  /** End the watch with onError (close of the store, compaction, onBatch failure). */
  fail(error: StoreError): void {
    if (this.#over) return;
    this.#end();
    this.#o.handlers.onError?.(error);
  }

  #end(): void {
    if (this.#over) return;
    this.#over = true;
    this.#queue = [];
    if (this.#stream) closeStream(this.#stream);
    this.#stream = undefined;
    this.#o.onEnd(this);
  }

  /** Keep one stream open until the watch is over; after each loss wait a little longer (up to 1 s) and open another. */
  async #run(): Promise<void> {
    while (!this.#over) {
      try {
        const stream = await this.#o.openStream();
        if (this.#over) {
          closeStream(stream);
          return;
        }
        this.#stream = stream;
        await new Promise<void>((resolve) => {
          stream.on('data', (response) => stream === this.#stream && this.#receive(response));
          stream.on('error', () => resolve());
          stream.on('end', () => resolve());
          stream.write({ create_request: { ...this.#o.keys.prefixRange(this.#o.prefix), start_revision: this.#next, prev_kv: this.#o.prevKv } });
        });
        if (this.#stream === stream) this.#stream = undefined;
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
      if (compacted > 0) {
        this.fail(new StoreError('compacted', `watch ${this.#o.prefix}: revision ${this.#next} is compacted (history starts at ${compacted})`));
      } else {
        // e.g. the member lost its leader: drop this stream, the loop opens another
        if (this.#stream) closeStream(this.#stream);
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
      kv: this.#o.keys.toKeyValue(event.kv),
      ...(event.prev_kv ? { prevKv: this.#o.keys.toKeyValue(event.prev_kv) } : {}),
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
          await this.#o.handlers.onBatch(batch);
        } catch (error) {
          this.fail(new StoreError('invalid', `watch ${this.#o.prefix}: onBatch failed at revision ${batch.revision}: ${(error as Error).message}`));
          return;
        }
      }
      this.#stream?.resume?.();
    } finally {
      this.#pumping = false;
    }
  }
}
