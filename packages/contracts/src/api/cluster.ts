import { Type, type Static } from '@sinclair/typebox';
import { MovePlan } from '../commands.ts';
import { ClusterConfig } from '../records.ts';
import { ObjectName } from '../names.ts';
import { CommonPropertiesPatch, PrivateProperties } from '../properties.ts';

/**
 * The cluster's own record (GET /cluster/properties, PATCH /cluster): its name,
 * description, node lease TTL and where its DNS responder listens.
 */
export const ClusterProperties = ClusterConfig;
export type ClusterProperties = ClusterConfig;

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  revision: Type.Integer(),
});
export type Health = Static<typeof Health>;

export const MoveAccepted = Type.Object({ group: ObjectName, targetNode: ObjectName, revision: Type.Integer() });
export type MoveAccepted = Static<typeof MoveAccepted>;

export const MovePlanReply = Type.Object({ plan: MovePlan });
export type MovePlanReply = Static<typeof MovePlanReply>;

/** A command accepted: the revision at which it was written. */
export const CommandAccepted = Type.Object({ revision: Type.Integer(), message: Type.String() });
export type CommandAccepted = Static<typeof CommandAccepted>;

export const PropertiesPatch = Type.Object(
  { common: Type.Optional(CommonPropertiesPatch), private: Type.Optional(PrivateProperties) },
  { additionalProperties: false },
);
export type PropertiesPatch = Static<typeof PropertiesPatch>;

/** The largest control code input, as JSON: it travels through the cluster store to the node. */
export const maxControlInputBytes = 64 * 1024;

export const ControlRequestBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }), input: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
export type ControlRequestBody = Static<typeof ControlRequestBody>;

export const ControlReply = Type.Object({
  resource: ObjectName,
  code: Type.String(),
  node: ObjectName,
  result: Type.Unknown(),
});
export type ControlReply = Static<typeof ControlReply>;

export const EventsQuery = Type.Object({
  /** Only events after this revision (exclusive). */
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  objectKind: Type.Optional(Type.String()),
  objectName: Type.Optional(Type.String()),
});
export type EventsQuery = Static<typeof EventsQuery>;

/** Registering a built resource type package: each module a single ES module file's text. */
export const RegisterResourceTypeRequest = Type.Object(
  {
    manifest: Type.Unknown({ description: "The type's manifest.json (ResourceTypeManifest)" }),
    engineModule: Type.String({ minLength: 1, maxLength: 4_000_000 }),
    panelModule: Type.Optional(Type.String({ minLength: 1, maxLength: 4_000_000 })),
    /** Register this version over another one of the same name (without it, a registered name is refused). */
    replace: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RegisterResourceTypeRequest = Static<typeof RegisterResourceTypeRequest>;
