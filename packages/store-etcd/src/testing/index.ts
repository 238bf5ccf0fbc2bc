/** Local etcd clusters of real processes, for tests, benchmarks and `cluster:local`. */
export {
  startEtcdCluster,
  etcdTlsFlags,
  type EtcdCluster,
  type EtcdClusterOptions,
  type EtcdMember,
} from './etcd-cluster.ts';
export { memberText } from './member-gateway.ts';
export { findEtcdBinary, type EtcdBinary } from './etcd-binary.ts';
export { makeEtcdCertificates, etcdCertificateFiles, type EtcdCertificates } from './certificates.ts';
export { freeEtcdPorts, freeTcpPort, freeTcpPorts } from './ports.ts';
