import { Type, type Static } from '@sinclair/typebox';
import type { ErrorBody } from '../errors.ts';
import { ClusterEventRecord } from '../events.ts';
import { ClusterSnapshot, GroupView, NodeView, ResourceTypeView, ResourceView } from '../cluster-views.ts';

/*
 * The socket.io namespace `/live`: the server emits `snapshot` on connect (and when a
 * resume is too old), then `changes` batches in store order. A client that reconnects
 * names the last revision it applied in its handshake (`auth: { resume: { revision } }`)
 * or emits `resume`. The server's live/index.ts tells the whole protocol.
 */

export const LiveSnapshot = Type.Object({ revision: Type.Integer(), cluster: ClusterSnapshot });
export type LiveSnapshot = Static<typeof LiveSnapshot>;

const change = <K extends string, V extends Parameters<typeof Type.Union>[0][number]>(kind: K, value: V) =>
  Type.Object({ kind: Type.Literal(kind), name: Type.String(), value: Type.Union([value, Type.Null()]) });

/** One object's new view, or null when it was deleted; `event` carries a new event-log record. */
export const LiveChange = Type.Union([
  change('node', NodeView),
  change('group', GroupView),
  change('resource', ResourceView),
  change('resourceType', ResourceTypeView),
  Type.Object({ kind: Type.Literal('event'), name: Type.String(), value: ClusterEventRecord }),
]);
export type LiveChange = Static<typeof LiveChange>;
export type LiveChangeKind = LiveChange['kind'];
/** The change of one kind: `LiveChangeOf<'group'>` carries a GroupView (or null). */
export type LiveChangeOf<K extends LiveChangeKind> = Extract<LiveChange, { kind: K }>;

/** Every batch's revision is strictly greater than the previous batch's. */
export const LiveChanges = Type.Object({ revision: Type.Integer(), changes: Type.Array(LiveChange) });
export type LiveChanges = Static<typeof LiveChanges>;

export const LiveResume = Type.Object({ revision: Type.Integer({ minimum: 0 }) });
export type LiveResume = Static<typeof LiveResume>;

/** The answer to a `resume` event: the revision the client will be at, or why it was refused. */
export type LiveResumeAck = { revision: number } | { error: 'invalid'; message: string };

/** What a client may put in its handshake's `auth`. */
export interface LiveHandshakeAuth {
  /** An API token (instead of an `Authorization: Bearer` header or a session cookie). */
  token?: string;
  /** Send only the changes after this revision instead of a snapshot. */
  resume?: LiveResume;
}

/**
 * What a refused handshake's `connect_error` carries in `data`. A handshake refused for
 * coming too often (`rate-limited`) says when another may come (`retryAfterMs`).
 */
export type LiveRefusal = ErrorBody & { retryAfterMs?: number };

/**
 * Sent just before the server closes a connection whose credentials stopped holding: the
 * session ended (signed out, expired, password changed), the token was revoked or expired,
 * the user was deleted (`reconnect: false`: a new handshake would be refused), or the
 * user's role changed (`reconnect: true`: connect again to follow with the new role).
 */
export const LiveRevoked = Type.Object({
  reason: Type.Union([
    Type.Literal('signed-out'),
    Type.Literal('expired'),
    Type.Literal('token-revoked'),
    Type.Literal('user-deleted'),
    Type.Literal('role-changed'),
    Type.Literal('credential-revoked'),
  ]),
  message: Type.String(),
  reconnect: Type.Boolean(),
});
export type LiveRevoked = Static<typeof LiveRevoked>;

export const liveEvents = { snapshot: 'snapshot', changes: 'changes', resume: 'resume', revoked: 'revoked' } as const;

/** socket.io events the server emits (`Socket<LiveServerEvents, LiveClientEvents>` on a client). */
export interface LiveServerEvents {
  snapshot: (message: LiveSnapshot) => void;
  changes: (message: LiveChanges) => void;
  revoked: (message: LiveRevoked) => void;
}

/** socket.io events a client emits. */
export interface LiveClientEvents {
  resume: (message: LiveResume, ack?: (answer: LiveResumeAck) => void) => void;
}
