import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running cluster:local tells other programs (tests, benchmarks) in its data dir. */
export interface LocalClusterInfo {
  /** Client URLs of its etcd members. */
  etcd: string[];
  /** The CA and client certificate its members require (absent: plain http, a data dir from before TLS). */
  etcdTls?: { caFile: string; certFile: string; keyFile: string };
  launcherPid: number;
  dataDir: string;
}

/** Where cluster:local writes its LocalClusterInfo. */
export function localClusterInfoFile(dataDir: string): string {
  return join(dataDir, 'cluster-local.json');
}

/** The info of the cluster:local that last started in dataDir; throws if none did. */
export function readLocalClusterInfo(dataDir: string): LocalClusterInfo {
  return JSON.parse(readFileSync(localClusterInfoFile(dataDir), 'utf8')) as LocalClusterInfo;
}
