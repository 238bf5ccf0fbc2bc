/*
 * Conformance subjects on a real local etcd cluster: one cluster per test file, a fresh
 * key namespace per test, and every lease revoked after each test so that no lease left
 * by one test expires (and takes a revision) in the middle of the next.
 */
import type { ClusterStore } from '@wolfpack/store';
import type { ConformanceSubject } from '@wolfpack/store/conformance';
import { Etcd3 } from 'etcd3';
import { openEtcdStore, type EtcdStoreOptions } from '../../src/index.ts';
import { startEtcdCluster, type EtcdCluster, type EtcdClusterOptions } from '../../src/testing/index.ts';
import { freeEtcdPorts } from '@wolfpack/testing/ports';

export interface EtcdSubjects {
  factory(): Promise<ConformanceSubject>;
  cluster(): EtcdCluster | undefined;
  stop(): Promise<void>;
}

/** Subjects on one lazily started cluster; storeOptions picks the endpoints each client uses. */
export function etcdSubjects(
  clusterOptions: Omit<EtcdClusterOptions, 'clientPorts' | 'peerPorts'>,
  storeOptions: (cluster: EtcdCluster, client: number) => Omit<EtcdStoreOptions, 'prefix'> = (cluster) => ({
    endpoints: cluster.endpoints,
  }),
): EtcdSubjects {
  let cluster: EtcdCluster | undefined;
  let tests = 0;
  return {
    cluster: () => cluster,
    async factory() {
      cluster ??= await startEtcdCluster({ ...clusterOptions, ...(await freeEtcdPorts(clusterOptions.members ?? 1)) });
      const running = cluster;
      const prefix = `/test-${(tests += 1)}`;
      const opened: ClusterStore[] = [];
      const open = async () => {
        const store = await openEtcdStore({ ...storeOptions(running, opened.length), prefix });
        opened.push(store);
        return store;
      };
      return {
        store: await open(),
        openAnother: open,
        cleanup: async () => {
          for (const store of opened) await store.close();
          await revokeAllLeases(running.endpoints);
        },
      };
    },
    async stop() {
      await cluster?.stop();
    },
  };
}

/** Revoke every lease of the cluster (test isolation). */
export async function revokeAllLeases(endpoints: string[]): Promise<void> {
  const client = new Etcd3({ hosts: endpoints });
  try {
    const { leases } = await client.leaseClient.leaseLeases();
    for (const lease of leases) await client.leaseClient.leaseRevoke({ ID: lease.ID }).catch(() => undefined);
  } finally {
    client.close();
  }
}
