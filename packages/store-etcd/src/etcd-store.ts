import type { CallOptions } from '@grpc/grpc-js';
import {
  StoreError,
  type ClusterStore,
  type KeyValue,
  type LeaseGrant,
  type LeaseId,
  type PutOptions,
  type RangeOptions,
  type RangeResult,
  type TxnRequest,
  type TxnResult,
  type Watch,
  type WatchHandlers,
  type WatchOptions,
} from '@wolfpack/engine';
import type { Etcd3, IOptions } from 'etcd3';
import { connect } from './connection.ts';
import { KeySpace } from './convert.ts';
import { isLeaseIdTaken, mayRetry, toStoreError } from './errors.ts';
import { EtcdWatch } from './etcd-watch.ts';
import { keepAliveOnce, randomLeaseId } from './lease-calls.ts';

export interface EtcdStoreOptions {
  /** Client URLs of the etcd members, e.g. ['http://10.0.0.1:2379', ...]; https:// for TLS. */
  endpoints: string[];
  /** Namespace: every key is stored in etcd as prefix + key (several clusters can share one etcd). Default ''. */
  prefix?: string;
  /**
   * How long one call may take, retries on other members included, before it fails with
   * 'unavailable'. Default 5000 ms. An agent's lease renewal must fail well inside its TTL.
   */
  requestTimeoutMs?: number;
  /**
   * Calls that are safe to send twice (reads, lease renewals) give up on a member after
   * this long and try again, e.g. when that member's leader just died. Default 1000 ms.
   */
  attemptTimeoutMs?: number;
  /** gRPC keepalive pings, to notice a dead member; keep at or above etcd's --grpc-keepalive-min-time. Default 5000 ms. */
  keepAliveIntervalMs?: number;
  /** TLS for client traffic (etcd's --cert-file/--key-file/--trusted-ca-file). */
  credentials?: IOptions['credentials'];
  auth?: IOptions['auth'];
}

/** Open a ClusterStore on etcd v3; resolves once a member answers (fails with 'unavailable' if none does in time). */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<ClusterStore> {
  const store = new EtcdStore(options);
  try {
    await store.revision();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The ClusterStore on etcd. Differences from the embedded store, all from etcd itself:
 * lease TTLs are whole seconds (rounded up, never below etcd's minimum, 1 s on a tuned
 * cluster) and expire in ~0.5 s steps; leaseTimeToLive is reported in whole seconds.
 */
export class EtcdStore implements ClusterStore {
  readonly endpoints: string[];
  readonly #client: Etcd3;
  readonly #keys: KeySpace;
  readonly #timeoutMs: number;
  readonly #attemptTimeoutMs: number;
  readonly #watches = new Set<EtcdWatch>();
  #closed = false;

  constructor(options: EtcdStoreOptions) {
    if (options.endpoints.length === 0) throw new StoreError('invalid', 'openEtcdStore: endpoints must name at least one etcd member');
    this.endpoints = [...options.endpoints];
    this.#keys = new KeySpace(options.prefix ?? '');
    this.#timeoutMs = options.requestTimeoutMs ?? 5000;
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 1000;
    this.#client = connect({ endpoints: this.endpoints, keepAliveIntervalMs: options.keepAliveIntervalMs ?? 5000, credentials: options.credentials, auth: options.auth });
  }

  async revision(): Promise<number> {
    const response = await this.#call('revision', false, (o) => this.#client.kv.range({ key: Buffer.from([0]), count_only: true }, o));
    return Number(response.header.revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    checkKey('get', key);
    const response = await this.#call(`get ${key}`, false, (o) => this.#client.kv.range({ key: this.#keys.encode(key) }, o));
    const kv = response.kvs[0];
    return kv ? this.#keys.toKeyValue(kv) : undefined;
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    const response = await this.#call(`range ${prefix}`, false, (o) => this.#client.kv.range(this.#keys.rangeRequest(prefix, options), o));
    const kvs = response.kvs.map((kv) => this.#keys.toKeyValue(kv));
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Infinity;
    return { kvs: kvs.slice(0, limit), revision: Number(response.header.revision), more: kvs.length > limit };
  }

  async put(key: string, value: string, options: PutOptions = {}): Promise<number> {
    checkKey('put', key);
    if (typeof value !== 'string') throw new StoreError('invalid', `put ${key}: value must be a string, got ${typeof value}`);
    const request = { key: this.#keys.encode(key), value: Buffer.from(value, 'utf8'), lease: options.lease ?? 0 };
    const response = await this.#call(`put ${key}`, true, (o) => this.#client.kv.put(request, o));
    return Number(response.header.revision);
  }

  async delete(key: string): Promise<{ revision: number; deleted: boolean }> {
    checkKey('delete', key);
    const response = await this.#call(`delete ${key}`, true, (o) => this.#client.kv.deleteRange({ key: this.#keys.encode(key) }, o));
    return { revision: Number(response.header.revision), deleted: Number(response.deleted) > 0 };
  }

  async txn(request: TxnRequest): Promise<TxnResult> {
    const failure = request.failure ?? [];
    const etcdRequest = {
      compare: request.compare.map((compare) => this.#keys.compare(compare)),
      success: request.success.map((op) => this.#keys.requestOp(op)),
      failure: failure.map((op) => this.#keys.requestOp(op)),
    };
    const mutating = [...request.success, ...failure].some((op) => op.op !== 'get');
    const response = await this.#call('txn', mutating, (o) => this.#client.kv.txn(etcdRequest, o));
    const branch = response.succeeded ? request.success : failure;
    const gets: (KeyValue | undefined)[] = [];
    branch.forEach((op, index) => {
      if (op.op !== 'get') return;
      const kv = response.responses[index]?.response_range?.kvs[0];
      gets.push(kv ? this.#keys.toKeyValue(kv) : undefined);
    });
    return { succeeded: response.succeeded, revision: Number(response.header.revision), gets };
  }

  async watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): Promise<Watch> {
    if (this.#closed) throw new StoreError('closed', `watch ${prefix}: the etcd store is closed`);
    // "From now" is pinned to a revision first, so a write right after watch() resolves is never missed.
    const fromRevision = Math.max(1, options.fromRevision ?? (await this.revision()) + 1);
    const watch = new EtcdWatch({
      keys: this.#keys,
      prefix,
      fromRevision,
      prevKv: options.prevKv ?? false,
      handlers,
      openStream: () => this.#client.watchClient.watch(),
      onEnd: (ended) => this.#watches.delete(ended),
    });
    this.#watches.add(watch);
    return watch;
  }

  /** etcd TTLs are whole seconds: ttlMs is rounded up (and etcd raises it to its minimum); the grant says what was given. */
  async grantLease(ttlMs: number): Promise<LeaseGrant> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new StoreError('invalid', `grantLease: ttlMs must be a positive number, got ${ttlMs}`);
    const ttl = Math.max(1, Math.ceil(ttlMs / 1000));
    for (;;) {
      // We pick the id: etcd's own ids use all 63 bits, more than a JavaScript number holds exactly.
      const id = randomLeaseId();
      try {
        const response = await this.#call(`grantLease ${ttlMs} ms`, true, (o) => this.#client.leaseClient.leaseGrant({ TTL: ttl, ID: id }, o));
        if (response.error) throw new StoreError('unavailable', `grantLease ${ttlMs} ms failed: ${response.error}`);
        return { id, ttlMs: Number(response.TTL) * 1000 };
      } catch (error) {
        if (!isLeaseIdTaken(error)) throw error;
      }
    }
  }

  async keepAlive(lease: LeaseId): Promise<void> {
    const ttl = await this.#call(`keepAlive ${lease}`, false, (o) => keepAliveOnce(this.#client, lease, o));
    if (ttl <= 0) throw new StoreError('lease-not-found', `keepAlive: lease ${lease} does not exist (expired or revoked)`);
  }

  /** Revoking a lease that is already gone does nothing (its keys are gone too). */
  async revokeLease(lease: LeaseId): Promise<void> {
    try {
      await this.#call(`revokeLease ${lease}`, true, (o) => this.#client.leaseClient.leaseRevoke({ ID: lease }, o));
    } catch (error) {
      if ((error as StoreError).code !== 'lease-not-found') throw error;
    }
  }

  /** etcd reports whole seconds, rounded down: a live lease with less than 1 s left reports 1 ms. */
  async leaseTimeToLive(lease: LeaseId): Promise<number | undefined> {
    const response = await this.#call(`leaseTimeToLive ${lease}`, false, (o) => this.#client.leaseClient.leaseTimeToLive({ ID: lease }, o));
    const seconds = Number(response.TTL);
    return seconds < 0 ? undefined : Math.max(1, seconds * 1000);
  }

  /** Compacting at or below the current compaction point does nothing; a future revision fails with 'invalid'. */
  async compact(revision: number): Promise<void> {
    try {
      await this.#call(`compact ${revision}`, true, (o) => this.#client.kv.compact({ revision, physical: false }, o));
    } catch (error) {
      if ((error as StoreError).code !== 'compacted') throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const error = new StoreError('closed', `the etcd store (${this.endpoints.join(',')}) is closed`);
    for (const watch of [...this.#watches]) watch.fail(error);
    this.#client.close();
  }

  /**
   * One etcd call with a deadline; what is safe to send again is retried (on any member)
   * until the deadline. A write is sent again only if it surely reached no member: one
   * that timed out may still be committed, so it fails with 'unavailable' instead.
   */
  async #call<T>(what: string, mutating: boolean, run: (options: CallOptions) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.#timeoutMs;
    let pause = 10;
    for (;;) {
      if (this.#closed) throw new StoreError('closed', `${what}: the etcd store is closed`);
      try {
        return await run({ deadline: mutating ? deadline : Math.min(deadline, Date.now() + this.#attemptTimeoutMs) });
      } catch (error) {
        const failure = toStoreError(what, error, this.#closed, this.endpoints);
        if (!mayRetry(error, mutating) || Date.now() + pause >= deadline) throw failure;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 200);
      }
    }
  }
}

function checkKey(what: string, key: string): void {
  if (typeof key !== 'string' || key === '') throw new StoreError('invalid', `${what}: key must be a non-empty string, got ${JSON.stringify(key)}`);
}
