import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishedRecord, ResourceContext } from '@wolfpack/contracts';

/** A hand-made ResourceContext that records what the module logs, reports and publishes. */
export function makeContext(properties: Record<string, unknown>) {
  const logs: string[] = [];
  const failures: string[] = [];
  const published: PublishedRecord[][] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'wp-app-'));
  let failureReported: () => void = () => {};
  const nextFailure = new Promise<void>((resolve) => (failureReported = resolve));
  const context: ResourceContext = {
    cluster: 'INS_CLUS',
    node: 'OSDB_SERV',
    group: 'SOCKET_GROUP',
    resource: 'Chat App',
    type: 'Generic Application',
    epoch: 7,
    properties: { CurrentDirectory: '', Environment: {}, ...properties },
    providers: [],
    stateDir,
    dataDir: stateDir,
    log: (message) => logs.push(message),
    reportFailure: (reason) => {
      failures.push(reason);
      failureReported();
    },
    publish: (records) => published.push(records),
  };
  return { context, logs, failures, published, stateDir, nextFailure };
}
