/*
 * The cluster store: the cluster database, shaped like etcd v3 so that the embedded
 * store (SQLite, one machine) and the etcd store (many hosts) are interchangeable.
 * Keys and values are strings; values are JSON written by the engine.
 */

export interface KeyValue {
  key: string;
  value: string;
  /** Revision of the write that created this key (since its last delete). */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
  /** Number of writes since creation, starting at 1. */
  version: number;
  /** Lease the key is bound to, 0 for none. */
  lease: LeaseId;
}

export type LeaseId = number;

export interface RangeOptions {
  /** At most this many keys. */
  limit?: number;
  /** Sort order; default by key ascending. */
  sortBy?: 'key' | 'createRevision' | 'modRevision';
  order?: 'ascend' | 'descend';
  /** Only keys created at or after this revision. */
  minCreateRevision?: number;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** The store revision the read reflects. */
  revision: number;
  /** True if limit cut the result short. */
  more: boolean;
}

export interface PutOptions {
  lease?: LeaseId;
}

/** A condition of a transaction; compares the key's current record. */
export type Compare =
  | { key: string; target: 'modRevision' | 'createRevision' | 'version'; op: '=' | '!=' | '<' | '>'; value: number }
  | { key: string; target: 'value'; op: '=' | '!='; value: string }
  /** The key exists (any version). */
  | { key: string; target: 'exists'; value: boolean };

export type TxnOp =
  | { op: 'put'; key: string; value: string; lease?: LeaseId }
  | { op: 'delete'; key: string }
  /** Delete every key with this prefix. */
  | { op: 'deletePrefix'; prefix: string }
  | { op: 'get'; key: string };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure?: TxnOp[];
}

export interface TxnResult {
  succeeded: boolean;
  /** Store revision after the transaction (unchanged if it wrote nothing). */
  revision: number;
  /** For each 'get' op of the branch taken, in order: the key's record, if any. */
  gets: (KeyValue | undefined)[];
}

export interface WatchEvent {
  type: 'put' | 'delete';
  /** For delete: key, modRevision = the delete's revision, value ''. */
  kv: KeyValue;
  /** The previous record, when known. */
  prevKv?: KeyValue;
}

export interface WatchBatch {
  /** All events of one or more revisions, in revision order; never split inside a revision. */
  events: WatchEvent[];
  /** Highest revision covered by this batch. */
  revision: number;
}

export interface WatchOptions {
  /** Deliver events with revision >= this; default: current revision + 1. */
  fromRevision?: number;
  /** Include prevKv on events when available. */
  prevKv?: boolean;
}

export interface Watch {
  /** Stop watching; no callback runs after the promise resolves. */
  cancel(): Promise<void>;
}

/**
 * Called with each batch, in order. If the watch cannot continue (compacted past its
 * revision, store closed), onError is called once and nothing more is delivered.
 */
export interface WatchHandlers {
  onBatch(batch: WatchBatch): void | Promise<void>;
  onError?(error: StoreError): void;
}

export interface LeaseGrant {
  id: LeaseId;
  ttlMs: number;
}

export interface ClusterStore {
  /** Current store revision; only grows. */
  revision(): Promise<number>;
  get(key: string): Promise<KeyValue | undefined>;
  /** Every key starting with prefix. */
  range(prefix: string, options?: RangeOptions): Promise<RangeResult>;
  put(key: string, value: string, options?: PutOptions): Promise<number>;
  /** Returns the revision, and whether the key existed. */
  delete(key: string): Promise<{ revision: number; deleted: boolean }>;
  /** All-or-nothing: if every compare holds, apply success ops, else failure ops. */
  txn(request: TxnRequest): Promise<TxnResult>;
  /**
   * Watch keys with a prefix from a revision: ordered, nothing missed, resumable by
   * passing the last seen revision + 1.
   */
  watch(prefix: string, options: WatchOptions, handlers: WatchHandlers): Promise<Watch>;
  /** A lease: keys bound to it are deleted when it expires or is revoked. */
  grantLease(ttlMs: number): Promise<LeaseGrant>;
  /** Renew a lease for another TTL. Throws StoreError 'lease-not-found' if it expired. */
  keepAlive(lease: LeaseId): Promise<void>;
  /** Revoke a lease now, deleting its keys. */
  revokeLease(lease: LeaseId): Promise<void>;
  /** Remaining time of a lease in ms, or undefined if gone. */
  leaseTimeToLive(lease: LeaseId): Promise<number | undefined>;
  /** Forget history before this revision; watches and reads below it then fail with 'compacted'. */
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'compacted' | 'lease-not-found' | 'closed' | 'unavailable' | 'invalid';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
