import { Type, type Static } from '@sinclair/typebox';
import { ObjectRef, Timestamp } from './names.ts';
import { ModuleHashes } from './resource-type.ts';

export const EventKind = Type.Union([
  Type.Literal('command'),
  Type.Literal('state'),
  Type.Literal('restart'),
  Type.Literal('failover'),
  Type.Literal('placement'),
  Type.Literal('node'),
]);
export type EventKind = Static<typeof EventKind>;

/** One line of the cluster event log: a command with its actor, or a state transition. */
export const ClusterEvent = Type.Object({
  time: Timestamp,
  kind: EventKind,
  object: ObjectRef,
  message: Type.String(),
  actor: Type.Optional(Type.String()),
  node: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  /** For commands: the command type and whether it was applied. */
  command: Type.Optional(Type.String()),
  result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('refused')])),
  durationMs: Type.Optional(Type.Integer({ minimum: 0 })),
  /** A resource type registration: the hashes of the modules uploaded. */
  sha256: Type.Optional(ModuleHashes),
  /** For admins only (GET /events strips it for other roles): e.g. the user names a failed sign-in claimed. */
  detail: Type.Optional(Type.String()),
});
export type ClusterEvent = Static<typeof ClusterEvent>;

/** An event as read back from the store: its revision orders the log. */
export const ClusterEventRecord = Type.Intersect([ClusterEvent, Type.Object({ revision: Type.Integer() })]);
export type ClusterEventRecord = Static<typeof ClusterEventRecord>;
