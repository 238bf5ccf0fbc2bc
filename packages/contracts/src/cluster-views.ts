import { Type, type Static } from '@sinclair/typebox';
import { ObjectName, Timestamp } from './names.ts';
import { CommonProperties, GroupPolicy, PrivateProperties } from './properties.ts';
import { ControlCode, ModuleHashes } from './resource-type.ts';
import { GroupState, NodeState, PersistentState, ResourceState } from './states.ts';

/*
 * The cluster as clients see it: config and observed status joined at one revision.
 * GET /cluster, the live snapshot and the console all use these shapes.
 */

export const NodeView = Type.Object({
  name: ObjectName,
  description: Type.String(),
  state: NodeState,
  paused: Type.Boolean(),
  pid: Type.Optional(Type.Integer()),
  hostname: Type.Optional(Type.String()),
  upSince: Type.Optional(Timestamp),
  /** The lease TTL this node joined with (a changed cluster TTL applies at its next start). */
  leaseTtlMs: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type NodeView = Static<typeof NodeView>;

export const GroupView = Type.Object({
  name: ObjectName,
  description: Type.String(),
  state: GroupState,
  ownerNode: Type.Union([ObjectName, Type.Null()]),
  epoch: Type.Integer({ minimum: 0 }),
  persistentState: PersistentState,
  preferredOwners: Type.Array(ObjectName),
  policy: GroupPolicy,
  resources: Type.Array(ObjectName),
});
export type GroupView = Static<typeof GroupView>;

export const ResourceView = Type.Object({
  name: ObjectName,
  description: Type.String(),
  group: ObjectName,
  type: ObjectName,
  state: ResourceState,
  ownerNode: Type.Union([ObjectName, Type.Null()]),
  persistentState: PersistentState,
  dependencies: Type.Array(ObjectName),
  possibleOwners: Type.Array(ObjectName),
  commonProperties: CommonProperties,
  /** The private properties, without those the type's schema marks `writeOnly` (secrets). */
  privateProperties: PrivateProperties,
  /** The writeOnly private properties that hold a value other than their default: set, never shown. */
  writeOnlySet: Type.Optional(Type.Array(Type.String())),
  since: Type.Optional(Timestamp),
  reason: Type.Optional(Type.String()),
});
export type ResourceView = Static<typeof ResourceView>;

export const ResourceTypeView = Type.Object({
  name: ObjectName,
  version: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
  propertySchema: Type.Unknown(),
  controlCodes: Type.Array(ControlCode),
  requiredDependencies: Type.Array(ObjectName),
  /** Where the console loads the type's panel module from, when it has one. */
  panelUrl: Type.Optional(Type.String()),
  consoleApi: Type.Optional(Type.String()),
  /** A registered type's module hashes (built-in types have none). */
  sha256: Type.Optional(ModuleHashes),
});
export type ResourceTypeView = Static<typeof ResourceTypeView>;

export const ClusterSnapshot = Type.Object({
  name: Type.String(),
  revision: Type.Integer({ minimum: 0 }),
  nodes: Type.Array(NodeView),
  groups: Type.Array(GroupView),
  resources: Type.Array(ResourceView),
  resourceTypes: Type.Array(ResourceTypeView),
});
export type ClusterSnapshot = Static<typeof ClusterSnapshot>;
