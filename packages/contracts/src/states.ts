import { Type, type Static } from '@sinclair/typebox';

/** MSCS resource states. */
export const ResourceState = Type.Union([
  Type.Literal('Offline'),
  Type.Literal('OnlinePending'),
  Type.Literal('Online'),
  Type.Literal('OfflinePending'),
  Type.Literal('Failed'),
]);
export type ResourceState = Static<typeof ResourceState>;

/** Group state is derived from its resources' states. */
export const GroupState = Type.Union([
  Type.Literal('Online'),
  Type.Literal('Offline'),
  Type.Literal('PartialOnline'),
  Type.Literal('Pending'),
  Type.Literal('Failed'),
]);
export type GroupState = Static<typeof GroupState>;

export const NodeState = Type.Union([
  Type.Literal('Up'),
  Type.Literal('Down'),
  Type.Literal('Paused'),
  Type.Literal('Joining'),
]);
export type NodeState = Static<typeof NodeState>;

/** What an administrator asked for: MSCS "PersistentState". */
export const PersistentState = Type.Union([Type.Literal('Online'), Type.Literal('Offline')]);
export type PersistentState = Static<typeof PersistentState>;
