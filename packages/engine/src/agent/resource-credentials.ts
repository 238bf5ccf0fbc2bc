import { createHash, randomBytes } from 'node:crypto';
import {
  keys,
  newestApiServer,
  resourceTokenPrefix,
  type ApiServerRecord,
  type ResourceApiAccess,
  type ResourceCredentialRecord,
} from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';

export interface ResourceCredentialsOptions {
  store: ClusterStore;
  node: string;
  /** The node's lease (0 while it has none): a credential dies with the node that wrote it. */
  lease: () => number;
  log(message: string): void;
}

/**
 * A resource's own cluster API token (see @wolfpack/contracts resource-credential.ts):
 * issued when this node brings the resource online, deleted when it goes offline, fails
 * or is forgotten. The store keeps only the secret's sha256, under this node's lease, so
 * a dead node's tokens stop working with its lease.
 */
export class ResourceCredentials {
  readonly #options: ResourceCredentialsOptions;
  /** The credential key each resource running here was given. */
  readonly #issued = new Map<string, string>();
  #warnedNoServer = false;

  constructor(options: ResourceCredentialsOptions) {
    this.#options = options;
  }

  /**
   * A new token for `resource` (any earlier one is deleted first), and where to use it;
   * undefined when no API server has advertised its address or the node has no lease.
   * `now` is the record's createdAt, for people reading the store (the controller passes its clock's).
   */
  async issue(resource: string, epoch: number, now = Date.now()): Promise<ResourceApiAccess | undefined> {
    await this.revoke(resource);
    const lease = this.#options.lease();
    if (!lease) return undefined;
    const servers = (await this.#options.store.range(keys.apiServers)).kvs.map(
      (kv) => JSON.parse(kv.value) as ApiServerRecord,
    );
    const server = newestApiServer(servers);
    if (!server) {
      if (!this.#warnedNoServer)
        this.#options.log(
          `no API server has advertised its address: ${resource} starts without WOLFPACK_URL and WOLFPACK_TOKEN`,
        );
      this.#warnedNoServer = true;
      return undefined;
    }
    this.#warnedNoServer = false;
    const secret = randomBytes(32).toString('base64url');
    const key = keys.resourceCredential(createHash('sha256').update(secret).digest('hex'));
    const record: ResourceCredentialRecord = { resource, node: this.#options.node, epoch, createdAt: now };
    await this.#options.store.put(key, JSON.stringify(record), { lease });
    this.#issued.set(resource, key);
    return { url: server.url, token: `${resourceTokenPrefix}${secret}` };
  }

  /** Deletes the resource's token, if it has one: the server refuses it from now on. */
  async revoke(resource: string): Promise<void> {
    const key = this.#issued.get(resource);
    if (key === undefined) return;
    this.#issued.delete(resource);
    try {
      await this.#options.store.delete(key);
    } catch (error) {
      // The node's lease still takes it with it in the end.
      this.#options.log(
        `${resource}: could not delete its API credential (${(error as Error).message}); it lasts until this node's lease ends`,
      );
    }
  }

  /** Fencing: every resource here is stopped, so every token goes (the old lease may already have taken them). */
  revokeAll(): void {
    for (const resource of [...this.#issued.keys()]) void this.revoke(resource);
  }
}

/**
 * Waits until a server started at `since` or later has advertised its address (a killed
 * server's address lingers until its lease ends: not that one). The launchers start the
 * nodes after this, so the first resources online get WOLFPACK_URL too. False after `timeoutMs`.
 * Real time: the launchers wait on real processes before any agent (and its clock) exists.
 */
export async function apiServerAdvertised(store: ClusterStore, since: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const servers = (await store.range(keys.apiServers)).kvs.map((kv) => JSON.parse(kv.value) as ApiServerRecord);
    if (servers.some((server) => server.startedAt >= since)) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
