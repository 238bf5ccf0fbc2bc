import type {
  ClusterEventRecord,
  ClusterSnapshot,
  GroupView,
  NodeView,
  ResourceTypeView,
  ResourceView,
} from '@wolfpack/contracts';
import { resourceView } from '@wolfpack/testing/resource-views';

/** Test data shaped like the seed cluster INS_CLUS: two nodes, SOCKET_GROUP with four resources. */
export const node = (name: string, extra: Partial<NodeView> = {}): NodeView => ({
  name,
  description: '',
  state: 'Up',
  paused: false,
  ...extra,
});

export const group = (name: string, extra: Partial<GroupView> = {}): GroupView => ({
  name,
  description: '',
  state: 'Online',
  ownerNode: 'OSDB_SERV',
  epoch: 1,
  persistentState: 'Online',
  preferredOwners: [],
  policy: { preferredOwners: [], failoverThreshold: 10, failoverPeriodMs: 21_600_000, autoFailback: 'Prevent' },
  resources: [],
  ...extra,
});

export const resource = (name: string, extra: Partial<ResourceView> = {}): ResourceView =>
  resourceView(name, 'Generic Application', {}, extra);

export const resourceType = (name: string, extra: Partial<ResourceTypeView> = {}): ResourceTypeView => ({
  name,
  version: '1.0.0',
  description: '',
  builtIn: true,
  propertySchema: { type: 'object', properties: {} },
  controlCodes: [],
  requiredDependencies: [],
  ...extra,
});

export function seedSnapshot(revision = 10): ClusterSnapshot {
  return {
    name: 'INS_CLUS',
    revision,
    nodes: [node('OSDB_SERV'), node('OSDB_BACK')],
    groups: [group('SOCKET_GROUP', { resources: ['SOCKET_IP', 'SOCKET_NAME', 'SOCKET_DISK', 'SOCKET_SERVER'] })],
    resources: [
      resource('SOCKET_IP', { type: 'IP Address' }),
      resource('SOCKET_NAME', { type: 'Network Name', dependencies: ['SOCKET_IP'] }),
      resource('SOCKET_DISK', { type: 'Disk' }),
      resource('SOCKET_SERVER', {
        type: 'Chat Server',
        dependencies: ['SOCKET_IP', 'SOCKET_NAME', 'SOCKET_DISK'],
        privateProperties: { MaxUser: 10 },
      }),
    ],
    resourceTypes: [
      resourceType('IP Address'),
      resourceType('Network Name'),
      resourceType('Disk'),
      resourceType('Chat Server'),
    ],
  };
}

export const event = (
  revision: number,
  message: string,
  extra: Partial<ClusterEventRecord> = {},
): ClusterEventRecord => ({
  revision,
  time: 1_700_000_000_000 + revision,
  kind: 'state',
  object: { kind: 'group', name: 'SOCKET_GROUP' },
  message,
  ...extra,
});
