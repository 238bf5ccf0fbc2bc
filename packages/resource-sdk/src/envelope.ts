/*
 * The request/reply envelope on a supervised process's IPC channel. Messages that are
 * not envelopes (e.g. a child's `{ type: 'ready' }`) pass through to onMessage.
 */

/** Supervisor → child: a request waiting for exactly one reply with the same id. */
export interface RequestEnvelope {
  wolfpackRequest: number;
  message: unknown;
}

/** Child → supervisor: the answer to request `wolfpackReply`, a value or an error message. */
export interface ReplyEnvelope {
  wolfpackReply: number;
  reply?: unknown;
  error?: string;
}

/** True when an IPC message is a request envelope. */
export function isRequest(value: unknown): value is RequestEnvelope {
  return typeof value === 'object' && value !== null && typeof (value as RequestEnvelope).wolfpackRequest === 'number';
}

/** True when an IPC message is a reply envelope. */
export function isReply(value: unknown): value is ReplyEnvelope {
  return typeof value === 'object' && value !== null && typeof (value as ReplyEnvelope).wolfpackReply === 'number';
}
