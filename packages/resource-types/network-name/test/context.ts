import type { ProviderInfo } from '@wolfpack/contracts';
import { recordingContext } from '@wolfpack/resource-sdk/testing';

/** A hand-made ResourceContext for the Cluster Name that records what the module logs, reports and publishes. */
export function makeContext(properties: Record<string, unknown>, providers: ProviderInfo[] = []) {
  return recordingContext({ resource: 'Cluster Name', type: 'Network Name', properties, providers });
}
