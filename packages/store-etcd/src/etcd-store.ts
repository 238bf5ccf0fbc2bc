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
} from '@wolfpack/store';
import type { IOptions } from 'etcd3';
import { connect } from './connection.ts';
import { KeySpace } from './convert.ts';
import { isLeaseIdTaken, storeErrorCode } from './errors.ts';
import { EtcdWatch } from './etcd-watch.ts';
import { keepAliveOnce, randomLeaseId } from './lease-calls.ts';
import { MemberCalls } from './member-calls.ts';
import { Members, type MemberStats } from './members.ts';

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
   * this long and try another, e.g. when that member's leader just died or its cable was
   * cut; writes after twice this long (only a write that was never sent is tried again).
   * Also the timeout of the background probes of suspect members. Default 1000 ms.
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
  readonly #members: Members;
  readonly #keys: KeySpace;
  readonly #calls: MemberCalls;
  readonly #watches = new Set<EtcdWatch>();
  #closed = false;

  constructor(options: EtcdStoreOptions) {
    if (options.endpoints.length === 0)
      throw new StoreError('invalid', 'openEtcdStore: endpoints must name at least one etcd member');
    this.endpoints = [...options.endpoints];
    this.#keys = new KeySpace(options.prefix ?? '');
    const attemptTimeoutMs = options.attemptTimeoutMs ?? 1000;
    const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 5000;
    this.#members = new Members({
      endpoints: this.endpoints,
      connect: (endpoint) =>
        connect({ endpoints: [endpoint], keepAliveIntervalMs, credentials: options.credentials, auth: options.auth }),
      probe: (member, deadline) => member.client.kv.range({ key: Buffer.from([0]), count_only: true }, { deadline }),
      isUnreachable: (error) => storeErrorCode(error, false) === 'unavailable',
      probeTimeoutMs: attemptTimeoutMs,
      probeIntervalMs: Math.max(100, Math.floor(attemptTimeoutMs / 2)),
    });
    this.#calls = new MemberCalls({
      members: this.#members,
      endpoints: this.endpoints,
      timeoutMs: options.requestTimeoutMs ?? 5000,
      attemptTimeoutMs,
      closed: () => this.#closed,
    });
    // A watch on a member that stopped answering moves to another at once, not when its
    // gRPC keepalive finally notices (a cut cable sends no reset).
    this.#members.onSuspect((member) => {
      for (const watch of this.#watches) if (watch.member === member) watch.reconnect();
    });
    this.#members.onGood(() => {
      for (const watch of this.#watches) if (watch.member && this.#members.isSuspect(watch.member)) watch.reconnect();
    });
  }

  /** The member calls go to first (the current one while it answers); for diagnostics and tests. */
  get currentEndpoint(): string {
    return this.#members.order()[0]!.endpoint;
  }

  /** Calls sent to each member and how many found it unreachable; for diagnostics and tests. */
  memberStats(): MemberStats[] {
    return this.#members.stats();
  }

  async revision(): Promise<number> {
    const response = await this.#calls.call('revision', false, (o, client) =>
      client.kv.range({ key: Buffer.from([0]), count_only: true }, o),
    );
    return Number(response.header.revision);
  }

  async get(key: string): Promise<KeyValue | undefined> {
    checkKey('get', key);
    const response = await this.#calls.call(`get ${key}`, false, (o, client) =>
      client.kv.range({ key: this.#keys.encode(key) }, o),
    );
    const kv = response.kvs[0];
    return kv ? this.#keys.toKeyValue(kv) : undefined;
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    const response = await this.#calls.call(`range ${prefix}`, false, (o, client) =>
      client.kv.range(this.#keys.rangeRequest(prefix, options), o),
    );
    const kvs = response.kvs.map((kv) => this.#keys.toKeyValue(kv));
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : Infinity;
    return { kvs: kvs.slice(0, limit), revision: Number(response.header.revision), more: kvs.length > limit };
  }

  async put(key: string, value: string, options: PutOptions = {}): Promise<number> {
    checkKey('put', key);
    if (typeof value !== 'string')
      throw new StoreError('invalid', `put ${key}: value must be a string, got ${typeof value}`);
    const request = { key: this.#keys.encode(key), value: Buffer.from(value, 'utf8'), lease: options.lease ?? 0 };
    const response = await this.#calls.call(`put ${key}`, true, (o, client) => client.kv.put(request, o));
    return Number(response.header.revision);
  }

  async delete(key: string): Promise<{ revision: number; deleted: boolean }> {
    checkKey('delete', key);
    const response = await this.#calls.call(`delete ${key}`, true, (o, client) =>
      client.kv.deleteRange({ key: this.#keys.encode(key) }, o),
    );
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
    const response = await this.#calls.call('txn', mutating, (o, client) => client.kv.txn(etcdRequest, o));
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
    if (this.#closed) throw new StoreError('closed', `watch ${prefix}: the etcd store is closed`);
    const watch = new EtcdWatch({
      keys: this.#keys,
      prefix,
      fromRevision,
      prevKv: options.prevKv ?? false,
      handlers,
      openStream: () => this.#calls.openWatchStream(),
      onStreamLost: (member) => this.#members.unreachable(member),
      onEnd: (ended) => this.#watches.delete(ended),
    });
    this.#watches.add(watch);
    return watch;
  }

  /** etcd TTLs are whole seconds: ttlMs is rounded up (and etcd raises it to its minimum); the grant says what was given. */
  async grantLease(ttlMs: number): Promise<LeaseGrant> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0)
      throw new StoreError('invalid', `grantLease: ttlMs must be a positive number, got ${ttlMs}`);
    const ttl = Math.max(1, Math.ceil(ttlMs / 1000));
    for (;;) {
      // We pick the id: etcd's own ids use all 63 bits, more than a JavaScript number holds exactly.
      const id = randomLeaseId();
      try {
        const response = await this.#calls.call(`grantLease ${ttlMs} ms`, true, (o, client) =>
          client.leaseClient.leaseGrant({ TTL: ttl, ID: id }, o),
        );
        if (response.error) throw new StoreError('unavailable', `grantLease ${ttlMs} ms failed: ${response.error}`);
        return { id, ttlMs: Number(response.TTL) * 1000 };
      } catch (error) {
        if (!isLeaseIdTaken(error)) throw error;
      }
    }
  }

  async keepAlive(lease: LeaseId): Promise<void> {
    const ttl = await this.#calls.call(`keepAlive ${lease}`, false, (o, client) => keepAliveOnce(client, lease, o));
    if (ttl <= 0)
      throw new StoreError('lease-not-found', `keepAlive: lease ${lease} does not exist (expired or revoked)`);
  }

  /** Revoking a lease that is already gone does nothing (its keys are gone too). */
  async revokeLease(lease: LeaseId): Promise<void> {
    try {
      await this.#calls.call(`revokeLease ${lease}`, true, (o, client) =>
        client.leaseClient.leaseRevoke({ ID: lease }, o),
      );
    } catch (error) {
      if ((error as StoreError).code !== 'lease-not-found') throw error;
    }
  }

  /** etcd reports whole seconds, rounded down: a live lease with less than 1 s left reports 1 ms. */
  async leaseTimeToLive(lease: LeaseId): Promise<number | undefined> {
    const response = await this.#calls.call(`leaseTimeToLive ${lease}`, false, (o, client) =>
      client.leaseClient.leaseTimeToLive({ ID: lease }, o),
    );
    const seconds = Number(response.TTL);
    return seconds < 0 ? undefined : Math.max(1, seconds * 1000);
  }

  /** Compacting at or below the current compaction point does nothing; a future revision fails with 'invalid'. */
  async compact(revision: number): Promise<void> {
    try {
      await this.#calls.call(`compact ${revision}`, true, (o, client) =>
        client.kv.compact({ revision, physical: false }, o),
      );
    } catch (error) {
      if ((error as StoreError).code !== 'compacted') throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const error = new StoreError('closed', `the etcd store (${this.endpoints.join(',')}) is closed`);
    for (const watch of [...this.#watches]) watch.fail(error);
    this.#members.close();
  }
}

function checkKey(what: string, key: string): void {
  if (typeof key !== 'string' || key === '')
    throw new StoreError('invalid', `${what}: key must be a non-empty string, got ${JSON.stringify(key)}`);
}
