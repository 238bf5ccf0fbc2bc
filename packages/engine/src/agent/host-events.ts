import type { PublishedRecord } from '@wolfpack/contracts';
import type { HostPoolOptions } from './host-pool.ts';
import { activeStates } from './local-resource.ts';
import type { ResourceController } from './resource-controller.ts';
import type { StatusPublisher } from './status-publisher.ts';

/** What a node does when its resource hosts report: each report fails or publishes resources. */
export function hostEvents(
  controller: () => ResourceController,
  status: () => StatusPublisher,
  log: (message: string) => void,
): Pick<HostPoolOptions, 'onFailure' | 'onPublish' | 'onHostExit' | 'onFenced'> {
  return {
    onFailure(resource: string, reason: string) {
      const local = controller().resources.get(resource);
      if (local) void controller().fail(local, reason);
    },
    onPublish(resource: string, records: PublishedRecord[]) {
      const local = controller().resources.get(resource);
      if (!local) return;
      local.published = records;
      if (local.state === 'Online') void status().publish(local);
    },
    onHostExit(hostName: string, reason: string) {
      for (const local of controller().resources.values()) {
        if (local.hostName !== hostName) continue;
        local.hostName = undefined;
        if (local.state === 'Online' || local.state === 'OnlinePending') void controller().fail(local, reason);
      }
    },
    onFenced(hostName: string) {
      log(`resource host ${hostName} fenced its resources: the lease was not renewed in time`);
      // They are stopped: say so, and let the restart policy bring them back once renewals resume.
      for (const local of controller().resources.values()) {
        if (local.hostName === hostName && activeStates.has(local.state))
          void controller().fail(local, 'fenced by its resource host: the node lease was not renewed in time');
      }
    },
  };
}
