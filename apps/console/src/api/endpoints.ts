import type {
  ClusterEventRecord, ClusterProperties, ClusterSnapshot, CommandAccepted, CommonPropertiesPatch, ControlReply, CreateUserRequest,
  EventsQuery, GroupPolicyPatch, GroupView, LoginRequest, MoveAccepted, MovePlanReply, NodeView, PrivateProperties,
  PropertiesPatch, ResourceTypeView, ResourceView, SessionInfo, UpdateUserRequest, UserView,
} from '@wolfpack/contracts';
import { segment, type ApiClient } from './client.ts';

/** Body of POST /groups: the create-group command without its discriminator. */
export interface NewGroup {
  name: string;
  description?: string;
  policy?: GroupPolicyPatch;
}

/** Body of POST /resources: the create-resource command without its discriminator. */
export interface NewResource {
  name: string;
  group: string;
  resourceType: string;
  description?: string;
  dependencies?: string[];
  possibleOwners?: string[];
  common?: CommonPropertiesPatch;
  private?: PrivateProperties;
}

/** Body of PATCH /groups/:name. */
export interface GroupPatch {
  description?: string;
  policy?: GroupPolicyPatch;
}

/** Body of PATCH /resources/:name: the property sheet's General, Advanced and Parameters in one change. */
export interface ResourcePatch {
  description?: string;
  /** null: every node may own it. */
  possibleOwners?: string[] | null;
  common?: CommonPropertiesPatch;
  /** Merged into the current private properties; null resets one to its default. */
  private?: PrivateProperties;
}

/** Body of PATCH /cluster: Cluster Properties, only what changed (values as typed, for the server to judge). */
export interface ClusterPatch {
  description?: string;
  nodeLeaseTtlMs?: number | string;
  dnsAddress?: string;
  dnsPort?: number | string;
}

const query = (params: Record<string, string | number | undefined>): string => {
  const pairs = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
};

/**
 * Every route of the REST API v1 the console uses, as data: one typed function each,
 * replies typed by the contracts' schemas. Failures throw ApiError.
 */
export function createEndpoints(client: ApiClient) {
  const g = (name: string) => `/groups/${segment(name)}`;
  const r = (name: string) => `/resources/${segment(name)}`;
  const n = (name: string) => `/nodes/${segment(name)}`;
  return {
    session: {
      get: () => client.get<SessionInfo>('/session'),
      login: (body: LoginRequest) => client.post<SessionInfo>('/session', body),
      logout: () => client.delete<unknown>('/session'),
    },
    cluster: () => client.get<ClusterSnapshot>('/cluster'),
    /** The cluster's own record (Cluster Properties); not in the live stream, read when needed. */
    clusterProperties: {
      get: () => client.get<ClusterProperties>('/cluster/properties'),
      update: (body: ClusterPatch) => client.patch<ClusterProperties>('/cluster', body),
    },
    /** The event log, oldest first: the newest `limit`, or those after revision `since`. */
    events: (params: EventsQuery = {}) => client.get<ClusterEventRecord[]>(`/events${query({ ...params })}`),
    nodes: {
      get: (name: string) => client.get<NodeView>(n(name)),
      pause: (name: string) => client.post<NodeView>(`${n(name)}/pause`),
      resume: (name: string) => client.post<NodeView>(`${n(name)}/resume`),
    },
    groups: {
      get: (name: string) => client.get<GroupView>(g(name)),
      create: (body: NewGroup) => client.post<GroupView>('/groups', body),
      update: (name: string, body: GroupPatch) => client.patch<GroupView>(g(name), body),
      delete: (name: string) => client.delete<CommandAccepted>(g(name)),
      rename: (name: string, newName: string) => client.post<GroupView>(`${g(name)}/rename`, { newName }),
      online: (name: string) => client.post<CommandAccepted>(`${g(name)}/online`),
      offline: (name: string) => client.post<CommandAccepted>(`${g(name)}/offline`),
      /** Absent node: the best possible node. */
      move: (name: string, node?: string) => client.post<MoveAccepted>(`${g(name)}/move`, node ? { node } : {}),
      /** What the engine's policy would do, changing nothing. */
      planMove: (name: string, node?: string) =>
        client.post<MovePlanReply>(`${g(name)}/move`, node ? { node, dryRun: true } : { dryRun: true }),
    },
    resources: {
      get: (name: string) => client.get<ResourceView>(r(name)),
      create: (body: NewResource) => client.post<ResourceView>('/resources', body),
      update: (name: string, body: ResourcePatch) => client.patch<ResourceView>(r(name), body),
      delete: (name: string) => client.delete<CommandAccepted>(r(name)),
      online: (name: string) => client.post<CommandAccepted>(`${r(name)}/online`),
      offline: (name: string) => client.post<CommandAccepted>(`${r(name)}/offline`),
      fail: (name: string) => client.post<CommandAccepted>(`${r(name)}/fail`),
      setProperties: (name: string, body: PropertiesPatch) => client.patch<ResourceView>(`${r(name)}/properties`, body),
      addDependency: (name: string, provider: string) =>
        client.post<ResourceView>(`${r(name)}/dependencies/${segment(provider)}`),
      removeDependency: (name: string, provider: string) =>
        client.delete<ResourceView>(`${r(name)}/dependencies/${segment(provider)}`),
      rename: (name: string, newName: string) => client.post<ResourceView>(`${r(name)}/rename`, { newName }),
      control: (name: string, code: string, input?: unknown) =>
        client.post<ControlReply>(`${r(name)}/control`, input === undefined ? { code } : { code, input }),
    },
    resourceTypes: {
      list: () => client.get<ResourceTypeView[]>('/resource-types'),
      get: (name: string) => client.get<ResourceTypeView>(`/resource-types/${segment(name)}`),
    },
    users: {
      list: () => client.get<UserView[]>('/users'),
      create: (body: CreateUserRequest) => client.post<UserView>('/users', body),
      update: (username: string, body: UpdateUserRequest) => client.patch<UserView>(`/users/${segment(username)}`, body),
      delete: (username: string) => client.delete<unknown>(`/users/${segment(username)}`),
    },
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
