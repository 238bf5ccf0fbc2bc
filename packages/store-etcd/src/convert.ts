/*
 * Between the ClusterStore's shapes and etcd's protocol messages: keys live under an
 * optional namespace prefix, int64s arrive as decimal strings, bytes as Buffers.
 */
import type { Compare, KeyValue, RangeOptions, TxnOp } from '@wolfpack/store';
import type { ICompare, IKeyValue, IRangeRequest, IRequestOp } from 'etcd3';

/** The keys of one store inside etcd: every key is stored as namespace + key. */
export class KeySpace {
  readonly #namespace: Buffer;

  constructor(namespace: string) {
    this.#namespace = Buffer.from(namespace, 'utf8');
  }

  encode(key: string): Buffer {
    return Buffer.concat([this.#namespace, Buffer.from(key, 'utf8')]);
  }

  decode(key: Buffer): string {
    return key.subarray(this.#namespace.length).toString('utf8');
  }

  /** etcd's [key, range_end) for every key starting with prefix. */
  prefixRange(prefix: string): { key: Buffer; range_end: Buffer } {
    const key = this.encode(prefix);
    if (key.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) }; // every key
    return { key, range_end: prefixEnd(key) };
  }

  toKeyValue(kv: IKeyValue): KeyValue {
    return {
      key: this.decode(kv.key),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
      version: Number(kv.version),
      lease: Number(kv.lease),
    };
  }

  compare(compare: Compare): ICompare {
    const key = this.encode(compare.key);
    switch (compare.target) {
      // A missing key has createRevision 0, so existence is a compare on it.
      case 'exists':
        return { key, target: 'Create', result: compare.value ? 'Greater' : 'Equal', create_revision: 0 };
      case 'value':
        return {
          key,
          target: 'Value',
          result: compare.op === '=' ? 'Equal' : 'NotEqual',
          value: Buffer.from(compare.value, 'utf8'),
        };
      case 'createRevision':
        return { key, target: 'Create', result: compareResult[compare.op], create_revision: compare.value };
      case 'modRevision':
        return { key, target: 'Mod', result: compareResult[compare.op], mod_revision: compare.value };
      case 'version':
        return { key, target: 'Version', result: compareResult[compare.op], version: compare.value };
    }
  }

  requestOp(op: TxnOp): IRequestOp {
    switch (op.op) {
      case 'put':
        return {
          request_put: { key: this.encode(op.key), value: Buffer.from(op.value, 'utf8'), lease: op.lease ?? 0 },
        };
      case 'delete':
        return { request_delete_range: { key: this.encode(op.key) } };
      case 'deletePrefix':
        return { request_delete_range: this.prefixRange(op.prefix) };
      case 'get':
        return { request_range: { key: this.encode(op.key) } };
    }
  }

  /** A range request for the keys under prefix; asks one key more than limit, to tell whether there are more. */
  rangeRequest(prefix: string, options: RangeOptions): IRangeRequest {
    const sortBy = options.sortBy ?? 'key';
    const order = options.order ?? 'ascend';
    return {
      ...this.prefixRange(prefix),
      limit: options.limit !== undefined && options.limit > 0 ? options.limit + 1 : 0,
      sort_target: sortTarget[sortBy],
      sort_order: order === 'ascend' ? 'Ascend' : 'Descend',
      min_create_revision: options.minCreateRevision ?? 0,
    };
  }
}

const compareResult = { '=': 'Equal', '!=': 'NotEqual', '<': 'Less', '>': 'Greater' } as const;
const sortTarget = { key: 'Key', createRevision: 'Create', modRevision: 'Mod' } as const;

/** The smallest key after every key starting with prefix (etcd's clientv3.GetPrefixRangeEnd). */
function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i -= 1) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]); // prefix is all 0xff: every key after it
}
