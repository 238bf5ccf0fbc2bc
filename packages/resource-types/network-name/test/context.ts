import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderInfo, PublishedRecord, ResourceContext } from '@wolfpack/contracts';

/** A hand-made ResourceContext that records what the module logs, reports and publishes. */
export function makeContext(properties: Record<string, unknown>, providers: ProviderInfo[] = []) {
  const logs: string[] = [];
  const failures: string[] = [];
  const published: PublishedRecord[][] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'wp-name-'));
  const context: ResourceContext = {
    cluster: 'INS_CLUS',
    node: 'OSDB_SERV',
    group: 'SOCKET_GROUP',
    resource: 'Cluster Name',
    type: 'Network Name',
    epoch: 1,
    properties,
    providers,
    stateDir,
    dataDir: stateDir,
    log: (message) => logs.push(message),
    reportFailure: (reason) => failures.push(reason),
    publish: (records) => published.push(records),
  };
  return { context, logs, failures, published };
}
