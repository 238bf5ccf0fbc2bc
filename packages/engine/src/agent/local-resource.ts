import type { ClusterEvent, PublishedRecord, ResourceState, ResourceStatus } from '@wolfpack/contracts';

/** What this node knows of one resource it runs (or ran): the agent's observed state. */
export interface LocalResource {
  name: string;
  group: string;
  state: ResourceState;
  since: number;
  /** Placement epoch this resource was brought online under. */
  epoch: number;
  reason: string | undefined;
  /** Failure times within the restart period. */
  failures: number[];
  failoverRequested: boolean;
  published: PublishedRecord[];
  /** A host call is running for it; reconcile leaves it alone. */
  busy: boolean;
  /** Name of the resource host it is open in, if any. */
  hostName: string | undefined;
  /** JSON of the private properties the instance was opened with. */
  openedProperties: string | undefined;
  /** Wall-clock time before which a failed resource must not be restarted. */
  restartAfter: number;
  monitors: NodeJS.Timeout[];
}

export function newLocalResource(name: string, group: string, since: number): LocalResource {
  return {
    name,
    group,
    state: 'Offline',
    since,
    epoch: 0,
    reason: undefined,
    failures: [],
    failoverRequested: false,
    published: [],
    busy: false,
    hostName: undefined,
    openedProperties: undefined,
    restartAfter: 0,
    monitors: [],
  };
}

/** The status record this node publishes for a resource. */
export function statusRecord(resource: LocalResource, node: string): ResourceStatus {
  const status: ResourceStatus = {
    name: resource.name,
    group: resource.group,
    node,
    epoch: resource.epoch,
    state: resource.state,
    since: resource.since,
    failures: resource.failures,
  };
  if (resource.reason) status.reason = resource.reason;
  if (resource.failoverRequested) status.failoverRequested = true;
  if (resource.published.length > 0 && resource.state === 'Online') status.published = resource.published;
  return status;
}

/** The event of a resource's state change on this node, at the time its new state began. */
export function transitionEvent(
  node: string,
  resource: LocalResource,
  from: string,
  to: string,
  reason?: string,
): ClusterEvent {
  const event: ClusterEvent = {
    time: resource.since,
    kind: 'state',
    object: { kind: 'resource', name: resource.name },
    node,
    from,
    to,
    message: `${resource.name} ${to} on ${node}${reason ? `: ${reason}` : ''}`,
  };
  if (reason) event.reason = reason;
  return event;
}

/** States in which a node holds a resource: nobody else may bring it online meanwhile. */
export const activeStates: ReadonlySet<ResourceState> = new Set(['OnlinePending', 'Online', 'OfflinePending']);
