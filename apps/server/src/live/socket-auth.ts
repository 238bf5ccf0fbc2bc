import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'socket.io';

/**
 * Who a connection belongs to, as the REST API's authentication answers it, and by what:
 * its session or its token, which the connection lives no longer than (guards.ts).
 */
export interface LiveUser {
  username: string;
  role: string;
  via?: 'session' | 'token';
  session?: { idHash: string; expiresAt: number };
  tokenId?: string;
}

/**
 * A resource following its own changes with its own token: it sees only its resource, and
 * is disconnected when the credential (this store key) is deleted.
 */
export interface LiveResource {
  via: 'resource';
  resource: string;
  credentialKey: string;
}

export type LivePrincipal = LiveUser | LiveResource;

/** The resource a connection is scoped to, if a resource's token opened it. */
export function scopeOf(principal: LivePrincipal | undefined): LiveResource | undefined {
  return principal && 'via' in principal && principal.via === 'resource' ? principal : undefined;
}

/** The REST API's check of a request's session cookie or `Authorization: Bearer` token (a user's or a resource's). */
export type Authenticate = (headers: IncomingHttpHeaders) => Promise<LivePrincipal | undefined>;

/** What a refused connection's `connect_error` carries: the REST error shape. */
export const unauthorized = {
  error: 'unauthorized',
  message:
    'live state needs a signed-in session (cookie) or an API token (Authorization: Bearer <token>, or auth.token in the handshake); a resource token works while its resource is online',
} as const;

/**
 * The handshake's headers as the REST API would see them: a browser sends its session
 * cookie; a script may pass its API token as `auth.token`, which becomes a Bearer header
 * (an Authorization header it sent itself wins).
 */
export function handshakeHeaders(socket: Socket): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...socket.handshake.headers };
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (headers.authorization === undefined && typeof token === 'string' && token !== '')
    headers.authorization = `Bearer ${token}`;
  return headers;
}

/** socket.io middleware: let a connection in only when `authenticate` knows who it is. */
export function socketAuthentication(authenticate: Authenticate) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    authenticate(handshakeHeaders(socket)).then(
      (user) => {
        if (!user) return next(Object.assign(new Error(unauthorized.message), { data: unauthorized }));
        (socket.data as { user?: LivePrincipal }).user = user;
        next();
      },
      () => next(Object.assign(new Error(unauthorized.message), { data: unauthorized })),
    );
  };
}

/** The revision a reconnecting client passed in its handshake (`auth.resume.revision`), if any. */
export function handshakeResume(socket: Socket): number | undefined {
  return resumeRevision((socket.handshake.auth as { resume?: unknown } | undefined)?.resume);
}

/** The revision of a `resume` payload ({revision}: a whole number ≥ 0), or undefined if it is not one. */
export function resumeRevision(payload: unknown): number | undefined {
  const revision = (payload as { revision?: unknown } | null | undefined)?.revision;
  return typeof revision === 'number' && Number.isSafeInteger(revision) && revision >= 0 ? revision : undefined;
}
