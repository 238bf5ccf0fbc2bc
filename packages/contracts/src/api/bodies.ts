import { Type, type Static } from '@sinclair/typebox';
import { Username } from '../auth.ts';
import {
  AddDependency,
  CreateGroup,
  CreateNode,
  CreateResource,
  RenameNode,
  SetClusterProperties,
  SetGroupProperties,
  SetResourceProperties,
} from '../commands.ts';
import { ObjectName } from '../names.ts';
import { ResourceTypeManifest } from '../resource-type.ts';

/*
 * Request bodies and path params of the REST API: mostly the engine's commands minus what
 * the URL says (the command's `type`, the object's `name`). Every client sends these.
 */

/** POST /nodes. */
export const CreateNodeBody = Type.Omit(CreateNode, ['type']);
export type CreateNodeBody = Static<typeof CreateNodeBody>;

/** POST /nodes|groups|resources/:name/rename. */
export const RenameBody = Type.Omit(RenameNode, ['type', 'name']);
export type RenameBody = Static<typeof RenameBody>;

/** POST /groups. */
export const CreateGroupBody = Type.Omit(CreateGroup, ['type']);
export type CreateGroupBody = Static<typeof CreateGroupBody>;

/** PATCH /groups/:name: description and failover policy. */
export const SetGroupPropertiesBody = Type.Omit(SetGroupProperties, ['type', 'name']);
export type SetGroupPropertiesBody = Static<typeof SetGroupPropertiesBody>;

/** POST /groups/:name/move. */
export const MoveGroupBody = Type.Object(
  {
    /** Absent: the best possible node. */
    node: Type.Optional(ObjectName),
    /** Change nothing; answer with the plan the engine's policy would follow. */
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type MoveGroupBody = Static<typeof MoveGroupBody>;

/** POST /resources. */
export const CreateResourceBody = Type.Omit(CreateResource, ['type']);
export type CreateResourceBody = Static<typeof CreateResourceBody>;

/** PATCH /resources/:name: description, possible owners (null: every node), common and private properties. */
export const SetResourcePropertiesBody = Type.Omit(SetResourceProperties, ['type', 'name']);
export type SetResourcePropertiesBody = Static<typeof SetResourcePropertiesBody>;

/** PATCH /cluster: Cluster Properties. */
export const SetClusterPropertiesBody = Type.Omit(SetClusterProperties, ['type']);
export type SetClusterPropertiesBody = Static<typeof SetClusterPropertiesBody>;

export const NameParams = Type.Object({ name: ObjectName });
export type NameParams = Static<typeof NameParams>;

/** /resources/:name/dependencies/:provider. */
export const DependencyParams = Type.Omit(AddDependency, ['type']);
export type DependencyParams = Static<typeof DependencyParams>;

/** /resource-types/:name/:version/panel.mjs. */
export const PanelParams = Type.Object({ name: ObjectName, version: ResourceTypeManifest.properties.version });
export type PanelParams = Static<typeof PanelParams>;

export const UsernameParams = Type.Object({ username: Username });
export type UsernameParams = Static<typeof UsernameParams>;

export const TokenParams = Type.Object({ id: Type.String() });
export type TokenParams = Static<typeof TokenParams>;
