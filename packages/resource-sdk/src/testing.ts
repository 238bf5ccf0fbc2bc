import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PublishedRecord, ResourceContext } from '@wolfpack/contracts';

/*
 * For a resource type's own tests (`@wolfpack/resource-sdk/testing`): a ResourceContext made
 * by hand, as an agent would hand it to the module, that keeps what the module logs,
 * reports and publishes so the test can look at it.
 */

export interface RecordingContext {
  context: ResourceContext;
  /** Every context.log message, in order. */
  logs: string[];
  /** Every reportFailure reason, in order. */
  failures: string[];
  /** Every publish call's records, in order. */
  published: PublishedRecord[][];
}

/** The fields a test gives: the resource and its type, and anything that differs from the seed scenario's defaults. */
export type ContextFields = Pick<ResourceContext, 'resource' | 'type'> &
  Partial<Omit<ResourceContext, 'log' | 'reportFailure' | 'publish'>>;

/**
 * A recording ResourceContext on OSDB_SERV for SOCKET_GROUP of INS_CLUS at epoch 1, with no
 * properties and no providers unless given, and a fresh temp folder as stateDir (and dataDir).
 */
export function recordingContext(fields: ContextFields): RecordingContext {
  const logs: string[] = [];
  const failures: string[] = [];
  const published: PublishedRecord[][] = [];
  const stateDir =
    fields.stateDir ?? mkdtempSync(join(tmpdir(), `wp-${fields.type.toLowerCase().replaceAll(' ', '-')}-`));
  const context: ResourceContext = {
    cluster: 'INS_CLUS',
    node: 'OSDB_SERV',
    group: 'SOCKET_GROUP',
    epoch: 1,
    properties: {},
    providers: [],
    stateDir,
    dataDir: stateDir,
    ...fields,
    log: (message) => logs.push(message),
    reportFailure: (reason) => failures.push(reason),
    publish: (records) => published.push(records),
  };
  return { context, logs, failures, published };
}
