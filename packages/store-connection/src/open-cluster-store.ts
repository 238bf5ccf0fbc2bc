import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { openEtcdStore, type EtcdStoreOptions } from '@wolfpack/store-etcd';
import { etcdTimeoutsFor } from './lease-timing.ts';
import { parseEtcdEndpoints, type EtcdTlsFiles, type StoreSettings } from './store-settings.ts';

export interface ClusterStoreOptions extends Omit<StoreSettings, 'etcd'> {
  /** etcd client URLs, as a list or comma-separated; absent or empty: the embedded store. */
  etcd?: string[] | string;
  /** The process's data dir: the embedded store is <dataDir>/cluster.db. */
  dataDir: string;
  /** The node lease TTL this process works with; sizes the etcd call timeouts (etcdTimeoutsFor). Default 1 s. */
  leaseTtlMs?: number;
  /** etcd call timing, to override what leaseTtlMs gives. */
  requestTimeoutMs?: number;
  attemptTimeoutMs?: number;
  /** gRPC keepalive pings to etcd; default the etcd store's 5 s (etcd refuses pings more often than its --grpc-keepalive-min-time). */
  keepAliveIntervalMs?: number;
}

/**
 * Open the cluster store the settings name: etcd when endpoints are given (resolves once a
 * member answers; fails with StoreError 'unavailable' if none does in time), else the
 * embedded store at <dataDir>/cluster.db (created with its folder).
 */
export async function openClusterStore(options: ClusterStoreOptions): Promise<ClusterStore> {
  const endpoints = endpointsOf(options.etcd);
  if (endpoints.length === 0) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
  }
  const timing = etcdTimeoutsFor(options.leaseTtlMs);
  const etcdOptions: EtcdStoreOptions = {
    endpoints,
    requestTimeoutMs: options.requestTimeoutMs ?? timing.requestTimeoutMs,
    attemptTimeoutMs: options.attemptTimeoutMs ?? timing.attemptTimeoutMs,
    ...(options.keepAliveIntervalMs !== undefined ? { keepAliveIntervalMs: options.keepAliveIntervalMs } : {}),
    ...(options.etcdPrefix ? { prefix: options.etcdPrefix } : {}),
    ...(options.etcdTls ? { credentials: readTlsFiles(options.etcdTls) } : {}),
  };
  return openEtcdStore(etcdOptions);
}

/** One line saying which store the settings name, for a process's start-up log. */
export function describeStore(
  options: Pick<ClusterStoreOptions, 'etcd' | 'etcdPrefix' | 'etcdTls' | 'dataDir'>,
): string {
  const endpoints = endpointsOf(options.etcd);
  if (endpoints.length === 0) return `embedded store ${join(resolve(options.dataDir), 'cluster.db')}`;
  const extras = [
    options.etcdPrefix ? `prefix ${options.etcdPrefix}` : '',
    options.etcdTls?.certFile ? 'client certificate' : '',
  ].filter(Boolean);
  return `etcd ${endpoints.join(',')}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

function endpointsOf(etcd: string[] | string | undefined): string[] {
  if (etcd === undefined) return [];
  if (typeof etcd === 'string') return etcd.trim() === '' ? [] : parseEtcdEndpoints(etcd);
  return etcd.length === 0 ? [] : parseEtcdEndpoints(etcd.join(','));
}

/** The PEM files as the etcd client takes them; errors name the file and the flag. */
function readTlsFiles(files: EtcdTlsFiles): NonNullable<EtcdStoreOptions['credentials']> {
  const read = (flag: string, path: string | undefined) => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${flag}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const rootCertificate = read('--etcd-ca', files.caFile);
  const certChain = read('--etcd-cert', files.certFile);
  const privateKey = read('--etcd-key', files.keyFile);
  return {
    // No CA file: gRPC falls back to the system's CAs when given null.
    rootCertificate: rootCertificate ?? (null as unknown as Buffer),
    ...(certChain ? { certChain } : {}),
    ...(privateKey ? { privateKey } : {}),
  };
}
