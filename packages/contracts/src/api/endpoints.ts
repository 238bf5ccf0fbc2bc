import { Type } from '@sinclair/typebox';
import { ErrorBody } from '../errors.ts';
import { ClusterEventRecord } from '../events.ts';
import { GroupView, NodeView, ResourceTypeView, ResourceView, ClusterSnapshot } from '../cluster-views.ts';
import type { Access } from '../roles.ts';
import {
  CreateGroupBody,
  CreateNodeBody,
  CreateResourceBody,
  DependencyParams,
  MoveGroupBody,
  NameParams,
  PanelParams,
  RenameBody,
  SetClusterPropertiesBody,
  SetGroupPropertiesBody,
  SetResourcePropertiesBody,
  TokenParams,
  UsernameParams,
} from './bodies.ts';
import {
  ClusterProperties,
  CommandAccepted,
  ControlReply,
  ControlRequestBody,
  EventsQuery,
  Health,
  MoveAccepted,
  MovePlanReply,
  PropertiesPatch,
  RegisterResourceTypeRequest,
} from './cluster.ts';
import { endpoint, type Endpoint } from './endpoint.ts';
import {
  ApiTokenView,
  ChangePasswordRequest,
  CreateApiTokenRequest,
  CreatedApiToken,
  CreateUserRequest,
  LoginRequest,
  SessionInfo,
  UpdateUserRequest,
  UserView,
} from './session.ts';

/*
 * Every endpoint of the REST API v1 (under /api/v1), once. The server registers a route
 * for each (a test fails on a route the table lacks, or the reverse), the OpenAPI
 * document comes from them, and @wolfpack/client has one method per entry:
 * `client.groups.move('SOCKET_GROUP', { node: 'OSDB_BACK' })`.
 * Over 300 lines on purpose: the whole API read in one place, one entry per route.
 */

/** Error replies of a read. */
const readErrors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;
/** Error replies of a change. */
const changeErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody } as const;
const noContent = (description: string) => Type.Null({ description });
/** A resource's properties may hold a command line, an environment, a script: more than the default 16 KiB. */
const propertiesBodyLimit = 256 * 1024;

const health = {
  get: endpoint({
    method: 'GET',
    path: '/health',
    tag: 'health',
    access: 'public',
    summary: 'Is the server working, and at which store revision',
    replies: { 200: Health, 503: Health },
  }),
};

const session = {
  login: endpoint({
    method: 'POST',
    path: '/session',
    tag: 'session',
    access: 'public',
    command: 'login',
    object: 'user',
    summary: 'Sign in: sets an HttpOnly session cookie; send the csrfToken as x-csrf-token on every change',
    secretAnswer: true,
    body: LoginRequest,
    replies: { 200: SessionInfo, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
  }),
  get: endpoint({
    method: 'GET',
    path: '/session',
    tag: 'session',
    access: 'viewer',
    summary: 'Who am I (csrfToken is empty for a bearer token)',
    secretAnswer: true,
    replies: { 200: SessionInfo, ...readErrors },
  }),
  logout: endpoint({
    method: 'DELETE',
    path: '/session',
    tag: 'session',
    access: 'viewer',
    command: 'logout',
    object: 'user',
    summary: 'Sign out: the session ends on every server',
    replies: { 204: noContent('Signed out'), ...readErrors },
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/session/password',
    tag: 'session',
    access: 'viewer',
    command: 'change-password',
    object: 'user',
    summary: 'Change your own password: your other sessions end and your API tokens are revoked',
    body: ChangePasswordRequest,
    replies: { 204: noContent('Changed'), ...changeErrors, 429: ErrorBody },
  }),
};

const cluster = {
  get: endpoint({
    method: 'GET',
    path: '/cluster',
    tag: 'cluster',
    access: 'viewer',
    summary: 'The whole cluster at one revision',
    replies: { 200: ClusterSnapshot, ...readErrors },
  }),
  properties: endpoint({
    method: 'GET',
    path: '/cluster/properties',
    tag: 'cluster',
    access: 'viewer',
    summary: "The cluster's own properties: name, description, node lease TTL, DNS address and port",
    replies: { 200: ClusterProperties, ...readErrors },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/cluster',
    tag: 'cluster',
    access: 'admin',
    command: 'set-cluster-properties',
    object: 'cluster',
    summary: "Change the cluster's description, node lease TTL, DNS address or DNS port",
    description:
      'The DNS responder moves to a new dnsAddress/dnsPort at once. A new nodeLeaseTtlMs applies to each node when its ' +
      'wolfpackd next starts: running nodes keep the lease they joined with (on etcd, TTLs are rounded up to whole seconds).',
    body: SetClusterPropertiesBody,
    replies: { 200: ClusterProperties, ...changeErrors },
  }),
};

const nodes = {
  list: endpoint({
    method: 'GET',
    path: '/nodes',
    tag: 'nodes',
    access: 'viewer',
    summary: 'Every node',
    replies: { 200: Type.Array(NodeView), ...readErrors },
  }),
  get: endpoint({
    method: 'GET',
    path: '/nodes/:name',
    tag: 'nodes',
    access: 'viewer',
    summary: 'One node',
    params: NameParams,
    replies: { 200: NodeView, ...readErrors },
  }),
  create: endpoint({
    method: 'POST',
    path: '/nodes',
    tag: 'nodes',
    access: 'admin',
    command: 'create-node',
    object: 'node',
    summary: 'Add a node to the cluster (start its wolfpackd to bring it Up)',
    body: CreateNodeBody,
    replies: { 201: NodeView, ...changeErrors },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/nodes/:name',
    tag: 'nodes',
    access: 'admin',
    command: 'delete-node',
    object: 'node',
    summary: 'Remove a Down node',
    params: NameParams,
    replies: { 200: CommandAccepted, ...changeErrors },
  }),
  rename: endpoint({
    method: 'POST',
    path: '/nodes/:name/rename',
    tag: 'nodes',
    access: 'admin',
    command: 'rename-node',
    object: 'node',
    summary: 'Rename a Down node',
    params: NameParams,
    body: RenameBody,
    replies: { 200: NodeView, ...changeErrors },
  }),
  pause: endpoint({
    method: 'POST',
    path: '/nodes/:name/pause',
    tag: 'nodes',
    access: 'operator',
    command: 'pause-node',
    object: 'node',
    summary: 'Pause a node: it keeps what runs on it and takes no new groups',
    params: NameParams,
    replies: { 200: NodeView, ...changeErrors },
  }),
  resume: endpoint({
    method: 'POST',
    path: '/nodes/:name/resume',
    tag: 'nodes',
    access: 'operator',
    command: 'resume-node',
    object: 'node',
    summary: 'Resume a paused node',
    params: NameParams,
    replies: { 200: NodeView, ...changeErrors },
  }),
};

const groups = {
  list: endpoint({
    method: 'GET',
    path: '/groups',
    tag: 'groups',
    access: 'viewer',
    summary: 'Every group',
    replies: { 200: Type.Array(GroupView), ...readErrors },
  }),
  get: endpoint({
    method: 'GET',
    path: '/groups/:name',
    tag: 'groups',
    access: 'viewer',
    summary: 'One group',
    params: NameParams,
    replies: { 200: GroupView, ...readErrors },
  }),
  create: endpoint({
    method: 'POST',
    path: '/groups',
    tag: 'groups',
    access: 'admin',
    command: 'create-group',
    object: 'group',
    summary: 'Create an empty group',
    body: CreateGroupBody,
    replies: { 201: GroupView, ...changeErrors },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/groups/:name',
    tag: 'groups',
    access: 'admin',
    command: 'set-group-properties',
    object: 'group',
    summary: "Change a group's description or failover policy (preferred owners, thresholds, failback)",
    params: NameParams,
    body: SetGroupPropertiesBody,
    replies: { 200: GroupView, ...changeErrors },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/groups/:name',
    tag: 'groups',
    access: 'admin',
    command: 'delete-group',
    object: 'group',
    summary: 'Delete an empty group',
    params: NameParams,
    replies: { 200: CommandAccepted, ...changeErrors },
  }),
  rename: endpoint({
    method: 'POST',
    path: '/groups/:name/rename',
    tag: 'groups',
    access: 'admin',
    command: 'rename-group',
    object: 'group',
    summary: 'Rename a group',
    params: NameParams,
    body: RenameBody,
    replies: { 200: GroupView, ...changeErrors },
  }),
  move: endpoint({
    method: 'POST',
    path: '/groups/:name/move',
    tag: 'groups',
    access: 'operator',
    command: 'move-group',
    object: 'group',
    summary: 'Move Group: to `node`, or the best other node. With dryRun, change nothing and answer the plan',
    params: NameParams,
    body: MoveGroupBody,
    bodyOptional: true,
    replies: { 202: MoveAccepted, 200: MovePlanReply, ...changeErrors },
  }),
  online: endpoint({
    method: 'POST',
    path: '/groups/:name/online',
    tag: 'groups',
    access: 'operator',
    command: 'bring-group-online',
    object: 'group',
    summary: 'Bring Online: every resource of the group, providers first',
    params: NameParams,
    replies: { 202: CommandAccepted, ...changeErrors },
  }),
  offline: endpoint({
    method: 'POST',
    path: '/groups/:name/offline',
    tag: 'groups',
    access: 'operator',
    command: 'take-group-offline',
    object: 'group',
    summary: 'Take Offline: every resource of the group, dependents first',
    params: NameParams,
    replies: { 202: CommandAccepted, ...changeErrors },
  }),
};

const resources = {
  list: endpoint({
    method: 'GET',
    path: '/resources',
    tag: 'resources',
    access: 'viewer',
    summary: 'Every resource',
    replies: { 200: Type.Array(ResourceView), ...readErrors },
  }),
  get: endpoint({
    method: 'GET',
    path: '/resources/:name',
    tag: 'resources',
    access: 'viewer',
    summary: 'One resource',
    params: NameParams,
    replies: { 200: ResourceView, ...readErrors },
  }),
  create: endpoint({
    method: 'POST',
    path: '/resources',
    tag: 'resources',
    access: 'admin',
    command: 'create-resource',
    object: 'resource',
    summary: 'Create a resource (Offline) in a group: its type, dependencies, possible owners and properties',
    body: CreateResourceBody,
    bodyLimit: propertiesBodyLimit,
    replies: { 201: ResourceView, ...changeErrors },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/resources/:name',
    tag: 'resources',
    access: 'admin',
    command: 'set-resource-properties',
    object: 'resource',
    summary: 'Change a resource: description, possible owners (null: every node), common and private properties',
    params: NameParams,
    body: SetResourcePropertiesBody,
    bodyLimit: propertiesBodyLimit,
    replies: { 200: ResourceView, ...changeErrors },
  }),
  setProperties: endpoint({
    method: 'PATCH',
    path: '/resources/:name/properties',
    tag: 'resources',
    access: 'admin',
    command: 'set-resource-properties',
    object: 'resource',
    summary:
      'Change common and private properties; invalid values are refused naming every bad field, and nothing changes',
    params: NameParams,
    body: PropertiesPatch,
    bodyLimit: propertiesBodyLimit,
    replies: { 200: ResourceView, ...changeErrors },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/resources/:name',
    tag: 'resources',
    access: 'admin',
    command: 'delete-resource',
    object: 'resource',
    summary: 'Delete an Offline or Failed resource nothing depends on',
    params: NameParams,
    replies: { 200: CommandAccepted, ...changeErrors },
  }),
  rename: endpoint({
    method: 'POST',
    path: '/resources/:name/rename',
    tag: 'resources',
    access: 'admin',
    command: 'rename-resource',
    object: 'resource',
    summary: 'Rename an Offline resource',
    params: NameParams,
    body: RenameBody,
    replies: { 200: ResourceView, ...changeErrors },
  }),
  addDependency: endpoint({
    method: 'POST',
    path: '/resources/:name/dependencies/:provider',
    tag: 'resources',
    access: 'admin',
    command: 'add-dependency',
    object: 'resource',
    summary: 'Make the resource depend on `provider` (same group, no cycles)',
    params: DependencyParams,
    replies: { 200: ResourceView, ...changeErrors },
  }),
  removeDependency: endpoint({
    method: 'DELETE',
    path: '/resources/:name/dependencies/:provider',
    tag: 'resources',
    access: 'admin',
    command: 'remove-dependency',
    object: 'resource',
    summary: "Remove the resource's dependency on `provider`",
    params: DependencyParams,
    replies: { 200: ResourceView, ...changeErrors },
  }),
  online: endpoint({
    method: 'POST',
    path: '/resources/:name/online',
    tag: 'resources',
    access: 'operator',
    command: 'bring-resource-online',
    object: 'resource',
    summary: 'Bring Online: the resource and its providers',
    params: NameParams,
    replies: { 202: CommandAccepted, ...changeErrors },
  }),
  offline: endpoint({
    method: 'POST',
    path: '/resources/:name/offline',
    tag: 'resources',
    access: 'operator',
    command: 'take-resource-offline',
    object: 'resource',
    summary: 'Take Offline: the resource and its dependents',
    params: NameParams,
    replies: { 202: CommandAccepted, ...changeErrors },
  }),
  fail: endpoint({
    method: 'POST',
    path: '/resources/:name/fail',
    tag: 'resources',
    access: 'operator',
    command: 'initiate-failure',
    object: 'resource',
    summary: 'Initiate Failure: the restart and failover policy takes it from there',
    params: NameParams,
    replies: { 202: CommandAccepted, ...changeErrors },
  }),
  /** Viewers may call a code the type's manifest marks readOnly; any other needs an operator (checked by the server). */
  control: endpoint({
    method: 'POST',
    path: '/resources/:name/control',
    tag: 'resources',
    access: 'viewer',
    command: 'control',
    object: 'resource',
    summary: "Call a control code of the resource's type on the node running it (read-only codes: viewers too)",
    params: NameParams,
    body: ControlRequestBody,
    // A control input of up to 64 KiB, with room for its JSON escaping.
    bodyLimit: 128 * 1024,
    replies: { 200: ControlReply, ...changeErrors },
  }),
};

const resourceTypes = {
  list: endpoint({
    method: 'GET',
    path: '/resource-types',
    tag: 'resource types',
    access: 'viewer',
    summary: 'Every resource type: manifest, property schema, panel module URL',
    replies: { 200: Type.Array(ResourceTypeView), ...readErrors },
  }),
  get: endpoint({
    method: 'GET',
    path: '/resource-types/:name',
    tag: 'resource types',
    access: 'viewer',
    summary: 'One resource type',
    params: NameParams,
    replies: { 200: ResourceTypeView, ...readErrors },
  }),
  register: endpoint({
    method: 'POST',
    path: '/resource-types',
    tag: 'resource types',
    access: 'admin',
    command: 'register-resource-type',
    object: 'resourceType',
    summary: 'Register a built type package: manifest, engine module, optional panel module (each one ES module file)',
    body: RegisterResourceTypeRequest,
    // Module texts may be up to 4 MB each.
    bodyLimit: 12 * 1024 * 1024,
    replies: { 201: ResourceTypeView, ...changeErrors },
  }),
  unregister: endpoint({
    method: 'DELETE',
    path: '/resource-types/:name',
    tag: 'resource types',
    access: 'admin',
    command: 'unregister-resource-type',
    object: 'resourceType',
    summary: 'Remove a registered type no resource uses',
    params: NameParams,
    replies: { 200: CommandAccepted, ...changeErrors },
  }),
  panel: endpoint({
    method: 'GET',
    path: '/resource-types/:name/:version/panel.mjs',
    tag: 'resource types',
    access: 'viewer',
    summary: "A resource type's panel module (JavaScript), at an immutable versioned URL",
    params: PanelParams,
    produces: 'text/javascript',
    replies: { 200: Type.String({ description: 'text/javascript ES module' }), ...readErrors },
  }),
};

const events = {
  list: endpoint({
    method: 'GET',
    path: '/events',
    tag: 'events',
    access: 'viewer',
    summary: 'The cluster event log, oldest first: the newest `limit`, or those after revision `since`',
    query: EventsQuery,
    replies: { 200: Type.Array(ClusterEventRecord), ...readErrors },
  }),
};

const users = {
  list: endpoint({
    method: 'GET',
    path: '/users',
    tag: 'users',
    access: 'admin',
    summary: 'Every user',
    replies: { 200: Type.Array(UserView), ...readErrors },
  }),
  create: endpoint({
    method: 'POST',
    path: '/users',
    tag: 'users',
    access: 'admin',
    command: 'create-user',
    object: 'user',
    summary: 'Create a user with a role',
    body: CreateUserRequest,
    replies: { 201: UserView, ...changeErrors },
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/users/:username',
    tag: 'users',
    access: 'admin',
    command: 'update-user',
    object: 'user',
    summary: "Change a user's role or password (a new password ends their sessions and revokes their API tokens)",
    params: UsernameParams,
    body: UpdateUserRequest,
    replies: { 200: UserView, ...changeErrors },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/users/:username',
    tag: 'users',
    access: 'admin',
    command: 'delete-user',
    object: 'user',
    summary: 'Delete a user, their sessions and tokens',
    params: UsernameParams,
    replies: { 204: noContent('Deleted'), ...changeErrors },
  }),
};

const tokens = {
  list: endpoint({
    method: 'GET',
    path: '/tokens',
    tag: 'tokens',
    access: 'viewer',
    summary: 'Your API tokens',
    replies: { 200: Type.Array(ApiTokenView), ...readErrors },
  }),
  create: endpoint({
    method: 'POST',
    path: '/tokens',
    tag: 'tokens',
    access: 'viewer',
    command: 'create-token',
    object: 'user',
    summary:
      'Create an API token for yourself (signed in with a password, not a token): shown once, stored hashed, expires',
    secretAnswer: true,
    body: CreateApiTokenRequest,
    replies: { 201: CreatedApiToken, ...changeErrors },
  }),
  revoke: endpoint({
    method: 'DELETE',
    path: '/tokens/:id',
    tag: 'tokens',
    access: 'viewer',
    command: 'revoke-token',
    object: 'user',
    summary: "Revoke an API token (yours; admins: anyone's)",
    params: TokenParams,
    replies: { 204: noContent('Revoked'), ...changeErrors },
  }),
};

const docs = {
  openapi: endpoint({
    method: 'GET',
    path: '/openapi.json',
    tag: 'docs',
    access: 'public',
    hidden: true,
    summary: 'This API as an OpenAPI 3 document (generated from this table)',
    replies: { 200: Type.Unknown() },
  }),
};

/** The REST API v1, family by family; each family becomes `client.<family>`. */
export const endpoints = {
  health,
  session,
  cluster,
  nodes,
  groups,
  resources,
  resourceTypes,
  events,
  users,
  tokens,
  docs,
} as const;
export type Endpoints = typeof endpoints;
export type EndpointFamily = keyof Endpoints;

/** Where the table's paths are mounted. */
export const apiPrefix = '/api/v1';

/** Every endpoint with its family and name (`groups.move`), for walking the table. */
export function everyEndpoint(): { family: EndpointFamily; name: string; endpoint: Endpoint }[] {
  return Object.entries(endpoints).flatMap(([family, members]) =>
    Object.entries(members as Record<string, Endpoint>).map(([name, definition]) => ({
      family: family as EndpointFamily,
      name,
      endpoint: definition,
    })),
  );
}

type CommandsOf<Family> = {
  [Name in keyof Family]: Family[Name] extends { command: infer Command extends string } ? Command : never;
}[keyof Family];
/** Every command an endpoint runs: the engine's command types and the account actions (`login`, `create-token`, …). */
export type EndpointCommand = { [Family in EndpointFamily]: CommandsOf<Endpoints[Family]> }[EndpointFamily];

/**
 * Each command's role, read off the table: the role its endpoint needs (`move-group` →
 * operator). `control` says viewer, the floor: a code its type does not mark readOnly
 * needs an operator, which only the manifest knows and the server checks.
 */
export const commandAccess = Object.fromEntries(
  everyEndpoint()
    .filter(({ endpoint: definition }) => definition.command !== undefined)
    .map(({ endpoint: definition }) => [definition.command!, definition.access]),
) as Readonly<Record<EndpointCommand, Access>>;
