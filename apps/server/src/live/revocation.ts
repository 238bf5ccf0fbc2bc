import type { LiveRevoked } from '@wolfpack/contracts';
import type { ClusterStore, Watch } from '@wolfpack/store';

/*
 * Live connections end when what let them in stops holding: a session's, token's or
 * resource credential's key is deleted or expires, its user is deleted or changes role.
 * One watch per prefix names the changed keys; each connection's guards judge the key's
 * new value (pure, in guards.ts). A connection registered after its key already changed
 * is caught by the check `add` makes, and a tick re-judges every key with the time, so an
 * expiry ends its connections within `tickMs` even before the store's lease sweep.
 */

/** One key a connection depends on, and the judgement of its value (undefined: deleted) at a time. */
export interface Guard {
  key: string;
  judge(value: string | undefined, now: number): LiveRevoked | undefined;
}

interface Watcher {
  judge: Guard['judge'];
  end(revoked: LiveRevoked): void;
}

interface Entry {
  /** The newest value seen (undefined: deleted), and the revision that wrote it; -1 before the first read. */
  value: string | undefined;
  revision: number;
  watchers: Set<Watcher>;
}

export interface RevocationOptions {
  /** Key prefixes to follow: every guard's key starts with one. */
  prefixes: readonly string[];
  /** How often every key is judged again with the time (expiries). Default 250 ms. */
  tickMs?: number;
  onError?(error: Error): void;
}

export class Revocations {
  readonly #store: ClusterStore;
  readonly #options: RevocationOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #watches = new Map<string, Watch>();
  /** Per prefix, the revision of the last batch its watch delivered. */
  readonly #followed = new Map<string, number>();
  readonly #tick: ReturnType<typeof setInterval>;
  #stopped = false;

  private constructor(store: ClusterStore, options: RevocationOptions) {
    this.#store = store;
    this.#options = options;
    this.#tick = setInterval(() => this.#judgeAll(), options.tickMs ?? 250);
    this.#tick.unref();
  }

  static async start(store: ClusterStore, options: RevocationOptions): Promise<Revocations> {
    const revocations = new Revocations(store, options);
    await Promise.all(options.prefixes.map((prefix) => revocations.#follow(prefix)));
    return revocations;
  }

  /**
   * Ends the connection (`end`, once, with the first guard's verdict) when any guard finds
   * its key no longer holds, or at once if one already does not. Returns the unregister.
   */
  add(guards: readonly Guard[], end: (revoked: LiveRevoked) => void): () => void {
    let ended = false;
    const removers: (() => void)[] = [];
    const unregister = () => {
      ended = true;
      for (const remove of removers.splice(0)) remove();
    };
    const finish = (revoked: LiveRevoked) => {
      if (ended) return;
      unregister();
      end(revoked);
    };
    for (const guard of guards) {
      let entry = this.#entries.get(guard.key);
      if (!entry) this.#entries.set(guard.key, (entry = { value: undefined, revision: -1, watchers: new Set() }));
      const watcher: Watcher = { judge: guard.judge, end: finish };
      const owner = entry;
      owner.watchers.add(watcher);
      removers.push(() => {
        owner.watchers.delete(watcher);
        if (owner.watchers.size === 0 && this.#entries.get(guard.key) === owner) this.#entries.delete(guard.key);
      });
      if (owner.revision >= 0) this.#judge(owner);
      void this.#check(guard.key);
    }
    return unregister;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#tick);
    await Promise.all([...this.#watches.values()].map((watch) => watch.cancel()));
  }

  /** A key's value as of `revision` (a read that answered later than a newer event is ignored). */
  #apply(key: string, value: string | undefined, revision: number): void {
    const entry = this.#entries.get(key);
    if (!entry || revision < entry.revision) return;
    entry.value = value;
    entry.revision = revision;
    this.#judge(entry);
  }

  #judge(entry: Entry, now = Date.now()): void {
    for (const watcher of [...entry.watchers]) {
      const revoked = watcher.judge(entry.value, now);
      if (revoked) watcher.end(revoked);
    }
  }

  #judgeAll(): void {
    const now = Date.now();
    for (const entry of [...this.#entries.values()]) if (entry.revision >= 0) this.#judge(entry, now);
  }

  async #check(key: string): Promise<void> {
    try {
      const kv = await this.#store.get(key);
      // A missing key was deleted at or before the store's revision read after it: that
      // revision beats the value it had, yet loses to a later re-creation the watch brings.
      this.#apply(key, kv?.value, kv?.modRevision ?? (await this.#store.revision()));
    } catch (error) {
      this.#options.onError?.(error as Error);
      // Unjudged is not allowed to last: read it again shortly.
      setTimeout(() => {
        if (!this.#stopped && this.#entries.has(key)) void this.#check(key);
      }, 500).unref();
    }
  }

  async #follow(prefix: string): Promise<void> {
    // From the last batch seen (or, after a compaction, the revision #followAgain took), so
    // a deletion meanwhile still arrives.
    const from = this.#followed.get(prefix);
    const watch = await this.#store.watch(prefix, from === undefined ? {} : { fromRevision: from + 1 }, {
      onBatch: (batch) => {
        if (this.#stopped) return;
        this.#followed.set(prefix, batch.revision);
        for (const event of batch.events)
          this.#apply(event.kv.key, event.type === 'delete' ? undefined : event.kv.value, event.kv.modRevision);
      },
      // The watch ended (store restarted, compacted): check every key, then follow again.
      onError: (error) => {
        this.#options.onError?.(error);
        this.#followAgain(prefix, error.code === 'compacted');
      },
    });
    if (this.#stopped) await watch.cancel();
    else this.#watches.set(prefix, watch);
  }

  #followAgain(prefix: string, compacted: boolean): void {
    setTimeout(() => {
      if (this.#stopped) return;
      void (async () => {
        // Compacted past the last batch seen: the watch cannot resume there. The store's
        // revision is taken first and followed from, then the keys are checked: a change
        // before it is in what the checks read, one after it comes with the watch (a
        // watch "from now" started after the checks would miss a deletion in between).
        if (compacted) this.#followed.set(prefix, await this.#store.revision());
        await this.#follow(prefix);
        for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) void this.#check(key);
      })().catch((error: Error & { code?: string }) => {
        this.#options.onError?.(error);
        this.#followAgain(prefix, compacted || error.code === 'compacted');
      });
    }, 500).unref();
  }
}
