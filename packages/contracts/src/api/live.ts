import { Type, type Static } from '@sinclair/typebox';
import { ClusterSnapshot } from '../views.ts';

/*
 * The socket.io namespace `/live`: the server emits `snapshot` on connect (and when a
 * resume is too old), then `changes` batches in store order. A client that reconnects
 * emits `resume` with the last revision it applied.
 */

export const LiveSnapshot = Type.Object({ revision: Type.Integer(), cluster: ClusterSnapshot });
export type LiveSnapshot = Static<typeof LiveSnapshot>;

export const LiveChangeKind = Type.Union([
  Type.Literal('node'),
  Type.Literal('group'),
  Type.Literal('resource'),
  Type.Literal('resourceType'),
  Type.Literal('event'),
]);
export type LiveChangeKind = Static<typeof LiveChangeKind>;

/** One object's new view (NodeView, GroupView, ResourceView, ResourceTypeView, ClusterEventRecord), or null when deleted. */
export const LiveChange = Type.Object({ kind: LiveChangeKind, name: Type.String(), value: Type.Union([Type.Unknown(), Type.Null()]) });
export type LiveChange = Static<typeof LiveChange>;

/** Every batch's revision is strictly greater than the previous batch's. */
export const LiveChanges = Type.Object({ revision: Type.Integer(), changes: Type.Array(LiveChange) });
export type LiveChanges = Static<typeof LiveChanges>;

export const LiveResume = Type.Object({ revision: Type.Integer({ minimum: 0 }) });
export type LiveResume = Static<typeof LiveResume>;

export const liveEvents = { snapshot: 'snapshot', changes: 'changes', resume: 'resume' } as const;
