/**
 * @wolfpack/store-connection: which cluster store a process uses (etcd endpoints, or the
 * embedded store in its data dir), read from its command line and environment, and opened.
 */
export {
  storeCommandLineOptions,
  storeCommandLineUsage,
  storeSettingsFromEnvironment,
  storeSettingsFromValues,
  parseEtcdEndpoints,
  type StoreSettings,
  type EtcdTlsFiles,
} from './store-settings.ts';
export { openClusterStore, describeStore, type ClusterStoreOptions } from './open-cluster-store.ts';
export { leaseTtlForStore, defaultLeaseTtlMs, etcdTimeoutsFor } from './lease-timing.ts';
