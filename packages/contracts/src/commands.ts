import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ipv4Pattern } from './addresses.ts';
import { Description, ObjectName, ObjectNames } from './names.ts';
import { CommonPropertiesPatch, GroupPolicyPatch, PrivateProperties } from './properties.ts';

/*
 * Every change an administrator can make, as data. The engine validates each one
 * (schema, then the cluster's rules, then the resource type's validate) and applies it
 * whole in one store transaction, or refuses it and changes nothing.
 */

const command = <T extends string, P extends Record<string, TSchema>>(type: T, properties: P) =>
  Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false });

export const CreateNode = command('create-node', { name: ObjectName, description: Type.Optional(Description) });
export const DeleteNode = command('delete-node', { name: ObjectName });
export const RenameNode = command('rename-node', { name: ObjectName, newName: ObjectName });
export const PauseNode = command('pause-node', { name: ObjectName });
export const ResumeNode = command('resume-node', { name: ObjectName });

export const CreateGroup = command('create-group', {
  name: ObjectName,
  description: Type.Optional(Description),
  policy: Type.Optional(GroupPolicyPatch),
});
export const DeleteGroup = command('delete-group', { name: ObjectName });
export const RenameGroup = command('rename-group', { name: ObjectName, newName: ObjectName });
export const SetGroupProperties = command('set-group-properties', {
  name: ObjectName,
  description: Type.Optional(Description),
  policy: Type.Optional(GroupPolicyPatch),
});
export const BringGroupOnline = command('bring-group-online', { name: ObjectName });
export const TakeGroupOffline = command('take-group-offline', { name: ObjectName });
export const MoveGroup = command('move-group', {
  name: ObjectName,
  /** Absent: the best possible node. */
  node: Type.Optional(ObjectName),
});

export const CreateResource = command('create-resource', {
  name: ObjectName,
  group: ObjectName,
  /** The resource type's name (the command's own `type` is its discriminator). */
  resourceType: ObjectName,
  description: Type.Optional(Description),
  dependencies: Type.Optional(ObjectNames),
  possibleOwners: Type.Optional(ObjectNames),
  common: Type.Optional(CommonPropertiesPatch),
  private: Type.Optional(PrivateProperties),
});
export const DeleteResource = command('delete-resource', { name: ObjectName });
export const RenameResource = command('rename-resource', { name: ObjectName, newName: ObjectName });
export const AddDependency = command('add-dependency', { name: ObjectName, provider: ObjectName });
export const RemoveDependency = command('remove-dependency', { name: ObjectName, provider: ObjectName });
export const SetResourceProperties = command('set-resource-properties', {
  name: ObjectName,
  description: Type.Optional(Description),
  possibleOwners: Type.Optional(Type.Union([ObjectNames, Type.Null()])),
  common: Type.Optional(CommonPropertiesPatch),
  /** Merged into the current private properties; a null value resets that property to its default. */
  private: Type.Optional(PrivateProperties),
});
export const BringResourceOnline = command('bring-resource-online', { name: ObjectName });
export const TakeResourceOffline = command('take-resource-offline', { name: ObjectName });
export const InitiateFailure = command('initiate-failure', { name: ObjectName });

/** An IPv4 address in dotted-decimal form (the cluster's DNS responder listens on one). */
export const Ipv4Address = Type.String({
  pattern: ipv4Pattern,
  description: 'An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
});

/** The cluster's own properties (Cluster Properties in Cluster Administrator); the name stays. */
export const SetClusterProperties = command('set-cluster-properties', {
  description: Type.Optional(Description),
  nodeLeaseTtlMs: Type.Optional(
    Type.Integer({
      minimum: 500,
      maximum: 600_000,
      description:
        'Node heartbeat lease TTL (ms): how long a silent node stays Up. Applies to each node when its wolfpackd next starts ' +
        '(running nodes keep the lease they joined with); on etcd it is rounded up to whole seconds',
    }),
  ),
  dnsAddress: Type.Optional(Ipv4Address),
  dnsPort: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 65535, description: "UDP port of the cluster's DNS responder" }),
  ),
});

export const Command = Type.Union([
  CreateNode,
  DeleteNode,
  RenameNode,
  PauseNode,
  ResumeNode,
  CreateGroup,
  DeleteGroup,
  RenameGroup,
  SetGroupProperties,
  BringGroupOnline,
  TakeGroupOffline,
  MoveGroup,
  CreateResource,
  DeleteResource,
  RenameResource,
  AddDependency,
  RemoveDependency,
  SetResourceProperties,
  BringResourceOnline,
  TakeResourceOffline,
  InitiateFailure,
  SetClusterProperties,
]);
export type Command = Static<typeof Command>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Who issued a command: a user name, or `system:<part>` for the cluster itself. */
export type Actor = string;

/** A step of a plan: what the engine's policy would do, in order. */
export const PlanStep = Type.Object({
  resource: ObjectName,
  action: Type.Union([Type.Literal('offline'), Type.Literal('online')]),
  node: ObjectName,
  /** Steps with the same wave run in parallel. */
  wave: Type.Integer({ minimum: 0 }),
});
export type PlanStep = Static<typeof PlanStep>;

export const MovePlan = Type.Object({
  group: ObjectName,
  fromNode: Type.Union([ObjectName, Type.Null()]),
  toNode: ObjectName,
  steps: Type.Array(PlanStep),
});
export type MovePlan = Static<typeof MovePlan>;
