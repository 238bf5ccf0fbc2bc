import { afterAll } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { describeClusterStoreConformance } from '@wolfpack/store/conformance';
import { etcdSubjects } from './support/etcd-subject.ts';

// Three tuned members on loopback. The first client may use any member; each other client
// talks to one member only, so cross-client tests cross members (watch fan-out, raft order).
const subjects = etcdSubjects({ members: 3, tuned: true }, (cluster, client) => ({
  endpoints: client === 0 ? cluster.endpoints : [cluster.endpoints[client % cluster.endpoints.length]!],
}));
afterAll(() => subjects.stop());

describeWhen('etcd', 'etcd, three members', () => {
  describeClusterStoreConformance('etcd (3 members)', () => subjects.factory(), { leaseTtlMs: 1000 });
});
