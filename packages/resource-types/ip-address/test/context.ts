import { recordingContext } from '@wolfpack/resource-sdk/testing';

/** A hand-made ResourceContext for the Cluster IP on loopback that records what the module logs, reports and publishes. */
export function makeContext(properties: Record<string, unknown>) {
  return recordingContext({
    resource: 'Cluster IP',
    type: 'IP Address',
    properties: { PrefixLength: 32, Interface: 'lo', ...properties },
  });
}
