/**
 * @wolfpack/store-etcd: the ClusterStore on etcd v3, for clusters that span hosts.
 * Local etcd clusters for tests and `cluster:local` are in '@wolfpack/store-etcd/testing'.
 */
export { EtcdStore, openEtcdStore, type EtcdStoreOptions } from './etcd-store.ts';
export type { MemberStats } from './members.ts';
