import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishedRecord, ResourceContext } from '@wolfpack/contracts';

/** A hand-made ResourceContext for a Disk on one node at one placement epoch. */
export function makeContext(path: string, owner: { node: string; epoch: number; group?: string }) {
  const logs: string[] = [];
  const failures: string[] = [];
  const published: PublishedRecord[][] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'wp-disk-state-'));
  const context: ResourceContext = {
    cluster: 'INS_CLUS',
    node: owner.node,
    group: owner.group ?? 'SOCKET_GROUP',
    resource: 'Shared Disk',
    type: 'Disk',
    epoch: owner.epoch,
    properties: { Path: path },
    providers: [],
    stateDir,
    dataDir: stateDir,
    log: (message) => logs.push(message),
    reportFailure: (reason) => failures.push(reason),
    publish: (records) => published.push(records),
  };
  return { context, logs, failures, published };
}
