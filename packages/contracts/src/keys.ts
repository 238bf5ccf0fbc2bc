/**
 * The cluster store's key layout, shared by every store client (engine, server, CLI).
 * Config is desired state; placement is the manager's decision; status is observed.
 */
export const keys = {
  root: '/wolfpack/',
  /** Everything that makes up ClusterState (not the event log, not elections). */
  stateRoot: '/wolfpack/state/',
  cluster: '/wolfpack/state/cluster',
  nodes: '/wolfpack/state/config/nodes/',
  node: (name: string) => `/wolfpack/state/config/nodes/${name}`,
  groups: '/wolfpack/state/config/groups/',
  group: (name: string) => `/wolfpack/state/config/groups/${name}`,
  resources: '/wolfpack/state/config/resources/',
  resource: (name: string) => `/wolfpack/state/config/resources/${name}`,
  resourceTypes: '/wolfpack/state/config/types/',
  resourceType: (name: string) => `/wolfpack/state/config/types/${name}`,
  placements: '/wolfpack/state/placement/',
  placement: (group: string) => `/wolfpack/state/placement/${group}`,
  moveRequests: '/wolfpack/state/intent/moves/',
  moveRequest: (group: string) => `/wolfpack/state/intent/moves/${group}`,
  failureRequests: '/wolfpack/state/intent/failures/',
  failureRequest: (resource: string) => `/wolfpack/state/intent/failures/${resource}`,
  groupHistories: '/wolfpack/state/history/groups/',
  groupHistory: (group: string) => `/wolfpack/state/history/groups/${group}`,
  nodeStatuses: '/wolfpack/state/status/nodes/',
  nodeStatus: (name: string) => `/wolfpack/state/status/nodes/${name}`,
  resourceStatuses: '/wolfpack/state/status/resources/',
  resourceStatus: (name: string) => `/wolfpack/state/status/resources/${name}`,
  events: '/wolfpack/events/',
  users: '/wolfpack/users/',
  user: (username: string) => `/wolfpack/users/${username}`,
  sessions: '/wolfpack/sessions/',
  session: (idHash: string) => `/wolfpack/sessions/${idHash}`,
  apiTokens: '/wolfpack/tokens/',
  apiToken: (id: string) => `/wolfpack/tokens/${id}`,
  /** Written with every token a user creates, so the cap's count and the write are one transaction. */
  apiTokenLedger: (username: string) => `/wolfpack/token-ledgers/${username}`,
  /** A resource's own API credential, by the sha256 of its secret; bound to the node's lease. */
  resourceCredentials: '/wolfpack/resource-credentials/',
  resourceCredential: (secretHash: string) => `/wolfpack/resource-credentials/${secretHash}`,
  /** Where API servers answer, each bound to its server's lease (nodes hand the address to resources). */
  apiServers: '/wolfpack/api-servers/',
  apiServer: (id: string) => `/wolfpack/api-servers/${id}`,
  /** Control codes travel through the store to the node that runs the resource. */
  controlRequests: '/wolfpack/control/requests/',
  controlRequest: (id: string) => `/wolfpack/control/requests/${id}`,
  controlReply: (id: string) => `/wolfpack/control/replies/${id}`,
  /** A registered resource type's module text (engine.mjs or panel.mjs), by version. */
  typeModule: (type: string, version: string, file: 'engine.mjs' | 'panel.mjs') =>
    `/wolfpack/type-modules/${type}/${version}/${file}`,
  managerElection: '/wolfpack/election/manager/',
} as const;

/** Last path segment of a key: the object's name. */
export const nameOfKey = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
