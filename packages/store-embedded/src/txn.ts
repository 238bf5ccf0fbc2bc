import { StoreError, type Compare, type KeyValue, type TxnOp, type TxnRequest } from '@wolfpack/store';
import type { RevisionWriter } from './revision-writer.ts';

/**
 * Refuse what etcd refuses, so both stores accept the same transactions: a key put twice
 * in one branch, or put and deleted in one branch (the outcome would depend on op order).
 */
export function validateTxn(request: TxnRequest): void {
  for (const [branch, ops] of [
    ['success', request.success],
    ['failure', request.failure ?? []],
  ] as const) {
    const puts = new Set<string>();
    for (const op of ops) {
      if (op.op !== 'put') continue;
      if (puts.has(op.key))
        throw new StoreError(
          'invalid',
          `txn ${branch}: key ${op.key} is put twice; each key may be written once per transaction`,
        );
      puts.add(op.key);
    }
    for (const op of ops) {
      if (op.op === 'delete' && puts.has(op.key)) {
        throw new StoreError(
          'invalid',
          `txn ${branch}: key ${op.key} is both put and deleted; each key may be written once per transaction`,
        );
      }
      if (op.op === 'deletePrefix') {
        for (const key of puts) {
          if (key.startsWith(op.prefix)) {
            throw new StoreError(
              'invalid',
              `txn ${branch}: key ${key} is put and deleted by prefix ${op.prefix}; each key may be written once per transaction`,
            );
          }
        }
      }
    }
  }
}

/** Whether a compare holds against the key's current record (etcd rules: a missing key has revisions and version 0, and fails every value compare). */
export function holds(compare: Compare, current: KeyValue | undefined): boolean {
  switch (compare.target) {
    case 'exists':
      return (current !== undefined) === compare.value;
    case 'value':
      if (!current) return false;
      return compare.op === '=' ? current.value === compare.value : current.value !== compare.value;
    default: {
      const actual = current ? current[compare.target] : 0;
      switch (compare.op) {
        case '=':
          return actual === compare.value;
        case '!=':
          return actual !== compare.value;
        case '<':
          return actual < compare.value;
        case '>':
          return actual > compare.value;
      }
    }
  }
}

/** Apply one branch's ops in order; returns the records of its 'get' ops. */
export function applyOps(
  writer: RevisionWriter,
  ops: TxnOp[],
  keysWithPrefix: (prefix: string) => string[],
): (KeyValue | undefined)[] {
  const gets: (KeyValue | undefined)[] = [];
  for (const op of ops) {
    switch (op.op) {
      case 'put':
        writer.put(op.key, op.value, op.lease ?? 0);
        break;
      case 'delete':
        writer.delete(op.key);
        break;
      case 'deletePrefix':
        writer.deleteAll(keysWithPrefix(op.prefix));
        break;
      case 'get':
        gets.push(writer.get(op.key));
        break;
    }
  }
  return gets;
}
