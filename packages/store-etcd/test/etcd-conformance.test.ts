import { afterAll } from 'vitest';
import { describeWhen } from '@wolfpack/test-requirements';
import { describeClusterStoreConformance } from '@wolfpack/store/conformance';
import { etcdSubjects } from './support/etcd-subject.ts';

// One etcd member on loopback, tuned (heartbeat 50 ms, election 250 ms): lease TTLs of 1 s.
const subjects = etcdSubjects({ members: 1, tuned: true });
afterAll(() => subjects.stop());

describeWhen('etcd', 'etcd, one member', () => {
  describeClusterStoreConformance('etcd (1 member)', () => subjects.factory(), { leaseTtlMs: 1000 });
});
