/**
 * @wolfpack/cluster-local: the distributed topology (shared by `npm run cluster:local` and
 * docker-compose.yml), its seed, and what a running cluster:local tells other programs.
 */
export * from './topology.ts';
export { bundlePath } from './bundles.ts';
export { seedLocalCluster } from './local-seed.ts';
export { startLocalEtcd } from './local-etcd.ts';
export { readLocalClusterInfo, localClusterInfoFile, type LocalClusterInfo } from './local-cluster-info.ts';
