import { Type, type Static } from '@sinclair/typebox';
import { Description, ObjectName, Timestamp } from './names.ts';
import { CommonProperties, GroupPolicy, PrivateProperties } from './properties.ts';
import { PersistentState, ResourceState } from './states.ts';

/*
 * What the cluster store holds. Config records are desired state, written by commands;
 * placements are written only by the failover manager; status records are observed
 * state, written by the node agent that owns them and bound to its lease.
 */

export const ClusterConfig = Type.Object({
  name: ObjectName,
  description: Description,
  /** Node heartbeat lease TTL: how long a silent node stays Up. */
  nodeLeaseTtlMs: Type.Integer({ minimum: 500, maximum: 600_000, default: 1000 }),
  /** Where the cluster answers DNS A queries for its online network names. */
  dnsAddress: Type.String({ default: '127.0.0.1' }),
  dnsPort: Type.Integer({ minimum: 0, maximum: 65535, default: 5354 }),
  createdAt: Timestamp,
});
export type ClusterConfig = Static<typeof ClusterConfig>;

export const NodeConfig = Type.Object({
  name: ObjectName,
  description: Description,
  /** A paused node keeps what runs on it but takes no new groups. */
  paused: Type.Boolean({ default: false }),
});
export type NodeConfig = Static<typeof NodeConfig>;

export const GroupConfig = Type.Object({
  name: ObjectName,
  description: Description,
  persistentState: PersistentState,
  policy: GroupPolicy,
});
export type GroupConfig = Static<typeof GroupConfig>;

export const ResourceConfig = Type.Object({
  name: ObjectName,
  group: ObjectName,
  type: ObjectName,
  description: Description,
  persistentState: PersistentState,
  /** Names of resources in the same group this one needs online first (its providers). */
  dependencies: Type.Array(ObjectName, { uniqueItems: true }),
  /** Nodes this resource may run on; absent means every node. */
  possibleOwners: Type.Optional(Type.Array(ObjectName, { uniqueItems: true })),
  common: CommonProperties,
  private: PrivateProperties,
  /**
   * Set by "bring online": a Failed resource whose failure is older than this is retried
   * (its restart count starts over).
   */
  resetAt: Type.Optional(Timestamp),
});
export type ResourceConfig = Static<typeof ResourceConfig>;

/** Where a group runs. Written only by the failover manager; epoch only grows. */
export const Placement = Type.Object({
  group: ObjectName,
  node: ObjectName,
  epoch: Type.Integer({ minimum: 1 }),
  reason: Type.Union([
    Type.Literal('initial'),
    Type.Literal('move'),
    Type.Literal('failover'),
    Type.Literal('failback'),
    Type.Literal('node-down'),
    /** The node stopped being a possible owner of every resource of the group. */
    Type.Literal('possible-owners'),
  ]),
  at: Timestamp,
});
export type Placement = Static<typeof Placement>;

/** An administrator's request to move a group; consumed by the failover manager. */
export const MoveRequest = Type.Object({
  group: ObjectName,
  /** Absent: the best possible node other than the current owner. */
  node: Type.Optional(ObjectName),
  requestedBy: Type.String(),
  at: Timestamp,
});
export type MoveRequest = Static<typeof MoveRequest>;

/** An administrator's "Initiate Failure" of a resource; consumed by the owning agent. */
export const FailureRequest = Type.Object({
  resource: ObjectName,
  requestedBy: Type.String(),
  at: Timestamp,
});
export type FailureRequest = Static<typeof FailureRequest>;

/** A node agent's heartbeat record, bound to its lease: gone means Down. */
export const NodeStatus = Type.Object({
  name: ObjectName,
  /** Joining until its first reconcile pass is done. */
  phase: Type.Union([Type.Literal('Joining'), Type.Literal('Up')]),
  pid: Type.Integer(),
  hostname: Type.String(),
  startedAt: Timestamp,
  leaseTtlMs: Type.Integer(),
});
export type NodeStatus = Static<typeof NodeStatus>;

/** A record a resource publishes while online (e.g. a DNS name → address). */
export const PublishedRecord = Type.Object({
  kind: Type.Literal('dns-a'),
  name: Type.String(),
  address: Type.String(),
});
export type PublishedRecord = Static<typeof PublishedRecord>;

/** Observed state of one resource, written by the agent of the node that runs it. */
export const ResourceStatus = Type.Object({
  name: ObjectName,
  group: ObjectName,
  node: ObjectName,
  epoch: Type.Integer({ minimum: 0 }),
  state: ResourceState,
  since: Timestamp,
  reason: Type.Optional(Type.String()),
  /** Failure times within the restart period, for RestartThreshold. */
  failures: Type.Array(Timestamp),
  /** Set by the agent when restarts are exhausted and the policy says fail the group over. */
  failoverRequested: Type.Optional(Type.Boolean()),
  published: Type.Optional(Type.Array(PublishedRecord)),
});
export type ResourceStatus = Static<typeof ResourceStatus>;

/** Failover times of a group, for FailoverThreshold within FailoverPeriod. Written by the manager. */
export const GroupHistory = Type.Object({
  group: ObjectName,
  failovers: Type.Array(Timestamp),
  /** Set when the group exceeded its failover threshold and was left Failed. */
  failedOn: Type.Optional(ObjectName),
});
export type GroupHistory = Static<typeof GroupHistory>;

/** A control code call on its way to the node running the resource (bound to a lease). */
export const ControlRequestRecord = Type.Object({
  id: Type.String(),
  resource: ObjectName,
  node: ObjectName,
  code: Type.String(),
  input: Type.Unknown(),
  requestedBy: Type.String(),
  at: Timestamp,
});
export type ControlRequestRecord = Static<typeof ControlRequestRecord>;

/** The node's answer to a control request. */
export const ControlReplyRecord = Type.Object({
  id: Type.String(),
  node: ObjectName,
  ok: Type.Boolean(),
  result: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.String()),
  at: Timestamp,
});
export type ControlReplyRecord = Static<typeof ControlReplyRecord>;
