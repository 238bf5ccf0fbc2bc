/*
 * etcd's failures as StoreErrors. etcd3 (the client) turns gRPC statuses into its own
 * error classes; what a caller must act on is carried by etcd's message text.
 */
import { StoreError, type StoreErrorCode } from '@wolfpack/store';

/** etcd messages with a meaning of their own, by the code the store reports. */
const byMessage: [string, StoreErrorCode][] = [
  ['requested lease not found', 'lease-not-found'],
  ['required revision has been compacted', 'compacted'],
  ['required revision is a future revision', 'invalid'],
  ['duplicate key given in txn request', 'invalid'],
  ['too many operations in txn request', 'invalid'],
  ['request is too large', 'invalid'],
  ['key is not provided', 'invalid'],
  ['lease already exists', 'invalid'],
  ['etcdserver: permission denied', 'invalid'],
];

/** The StoreError code of a failed etcd call; anything not understood means etcd could not be reached or could not decide. */
export function storeErrorCode(error: unknown, closed: boolean): StoreErrorCode {
  if (error instanceof StoreError) return error.code;
  if (closed) return 'closed';
  const message = messageOf(error);
  for (const [text, code] of byMessage) if (message.includes(text)) return code;
  if ((error as { constructor?: { name?: string } })?.constructor?.name === 'GRPCInvalidArgumentError')
    return 'invalid';
  return 'unavailable';
}

/** Wrap a failure of `what` (e.g. "put /a") as a StoreError that names the endpoints tried. */
export function toStoreError(what: string, error: unknown, closed: boolean, endpoints: string[]): StoreError {
  if (error instanceof StoreError) return error;
  const code = storeErrorCode(error, closed);
  const where = code === 'unavailable' ? ` (etcd ${endpoints.join(',')})` : '';
  return new StoreError(code, `${what} failed${where}: ${messageOf(error)}`);
}

/**
 * Whether a call may be sent again (to this or another member) without the risk of
 * applying it twice: reads always may; writes only when the request never reached a
 * member that could apply it (no connection, or refused for having no leader, or the
 * deadline passed while still waiting for a connection).
 */
export function mayRetry(error: unknown, mutating: boolean): boolean {
  if (storeErrorCode(error, false) !== 'unavailable') return false;
  if (!mutating) return true;
  const message = messageOf(error);
  return (
    message.includes('No connection established') ||
    message.includes('ECONNREFUSED') ||
    message.includes('etcdserver: no leader') ||
    message.includes('Failed to connect') ||
    message.includes('failed to connect') ||
    message.includes('Name resolution failed') ||
    // grpc-js names where a deadline caught the call: before a connection was picked, it was never sent.
    message.includes('Waiting for LB pick') ||
    // etcd3 closes a member's channels after a failure; calls still queued on them end so.
    message.includes('Channel closed before call started') ||
    message.includes('waiting for name resolution')
  );
}

/** Whether a lease grant collided with an existing lease id (we pick ids ourselves). */
export function isLeaseIdTaken(error: unknown): boolean {
  return messageOf(error).includes('lease already exists');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
