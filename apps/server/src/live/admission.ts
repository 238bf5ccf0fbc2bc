import type { IncomingMessage } from 'node:http';
import type { LiveRefusal } from '@wolfpack/contracts';
import type { Socket } from 'socket.io';
import type { LivePrincipal } from './socket-auth.ts';

/*
 * Before a /live handshake costs a store read (its authentication) or a snapshot, its
 * address is counted: the server's rate limiter (@fastify/rate-limit, app.ts) decides, and
 * a refused handshake gets a `connect_error` whose data says when to come back
 * (`retryAfterMs`), which @wolfpack/client's LiveFeed waits out.
 */

/** Whether a handshake from this request may proceed: undefined, or the refusal. */
export type AdmitHandshake = (request: IncomingMessage) => Promise<LiveRefusal | undefined>;

/** socket.io middleware: refuse a handshake `admit` refuses, with its refusal as `data`. */
export function handshakeAdmission(admit: AdmitHandshake) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    admit(socket.request).then(
      (refusal) => next(refusal ? Object.assign(new Error(refusal.message), { data: refusal }) : undefined),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}

/** Whose snapshot allowance a connection draws on: its user, or its resource. */
export function principalKey(principal: LivePrincipal): string {
  return 'via' in principal && principal.via === 'resource'
    ? `resource ${principal.resource}`
    : `user ${principal.username}`;
}
