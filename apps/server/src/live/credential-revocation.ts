import { keys } from '@wolfpack/contracts';
import type { ClusterStore, Watch } from '@wolfpack/engine';

/*
 * Live connections opened with a resource's own token end when its credential is deleted
 * (the resource went offline, failed or moved; its node's lease ended). A watch on the
 * credentials' prefix names the deleted keys; a connection registered after its key was
 * already gone is caught by the check `add` makes.
 */

export class CredentialRevocations {
  readonly #store: ClusterStore;
  readonly #onError: (error: Error) => void;
  /** Credential key → how to end each connection that used it. */
  readonly #connections = new Map<string, Set<() => void>>();
  #watch: Watch | undefined;
  #stopped = false;

  private constructor(store: ClusterStore, onError: (error: Error) => void) {
    this.#store = store;
    this.#onError = onError;
  }

  static async start(store: ClusterStore, onError: (error: Error) => void = () => {}): Promise<CredentialRevocations> {
    const revocations = new CredentialRevocations(store, onError);
    await revocations.#follow();
    return revocations;
  }

  /** Ends the connection (`end`) once `key` is deleted, or at once if it already is. Returns the unregister. */
  add(key: string, end: () => void): () => void {
    let ends = this.#connections.get(key);
    if (!ends) this.#connections.set(key, (ends = new Set()));
    ends.add(end);
    void this.#check(key);
    return () => {
      ends.delete(end);
      if (ends.size === 0 && this.#connections.get(key) === ends) this.#connections.delete(key);
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#watch?.cancel();
  }

  #revoked(key: string): void {
    const ends = this.#connections.get(key);
    if (!ends) return;
    this.#connections.delete(key);
    for (const end of ends) end();
  }

  async #check(key: string): Promise<void> {
    try {
      if (!(await this.#store.get(key))) this.#revoked(key);
    } catch (error) {
      this.#onError(error as Error);
    }
  }

  async #follow(): Promise<void> {
    this.#watch = await this.#store.watch(keys.resourceCredentials, {}, {
      onBatch: (batch) => {
        if (this.#stopped) return;
        for (const event of batch.events) if (event.type === 'delete') this.#revoked(event.kv.key);
      },
      // The watch ended (store restarted, compacted): check every key, then follow again.
      onError: (error) => {
        this.#onError(error);
        this.#followAgain();
      },
    });
  }

  #followAgain(): void {
    setTimeout(() => {
      if (this.#stopped) return;
      for (const key of [...this.#connections.keys()]) void this.#check(key);
      this.#follow().catch((error: Error) => {
        this.#onError(error);
        this.#followAgain();
      });
    }, 500).unref();
  }
}
