import type { ResourceConfig, ResourceState } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { planGroupStep } from './group-reconcile.ts';

/** What a node knows of one resource it runs (or ran): the part of LocalResource decisions read. */
export interface LocalResourceView {
  state: ResourceState;
  /** An operation is running for it: it is left alone. */
  busy: boolean;
  /** When it entered its state (for Failed: when it failed). */
  since: number;
  /** Placement epoch it was last brought online under. */
  epoch: number;
  /** When a failed resource's restart is due; 0 for none. */
  restartAfter: number;
}

/** The node's own side of a step. */
export interface NodeView {
  node: string;
  /** Until when the node may act (its lease surely alive); 0 before it joined and once it lost its lease. */
  validUntil: number;
  /** Leaving the cluster: nothing is owned here any more. */
  leaving: boolean;
  /** The node's status already says Up (or the write is on its way). */
  markedUp: boolean;
  resources: ReadonlyMap<string, LocalResourceView>;
  /** Failure requests already acted on, by failureRequestId. */
  handledFailureRequests: ReadonlySet<string>;
}

export type NodeAction =
  | { type: 'fail-on-request'; resource: string; request: string; requestedBy: string }
  | { type: 'forget'; resource: string }
  | { type: 'reset'; resource: string; reason: string; clearFailures: boolean }
  | { type: 'take-offline'; resource: string }
  | { type: 'bring-online'; resource: string; group: string; epoch: number }
  | { type: 'apply-properties'; resource: string }
  | { type: 'mark-up' };

/** A failure request is acted on once: by resource and the time it was made. */
export const failureRequestId = (resource: string, at: number): string => `${resource}@${at}`;

/** States in which a node holds a resource: nobody else may bring it online meanwhile. */
const holding: ReadonlySet<ResourceState> = new Set(['OnlinePending', 'Online', 'OfflinePending']);

/**
 * The node agent's step (MSCS cluster service on one node), level-based: from the cluster
 * state and what runs here, what to start now. The agent runs it on every change and after
 * every operation, and executes the actions in order; an action's start (a resource going
 * busy, Pending or Offline) is seen by the rules after it in the same step.
 *
 * 1. Lease: the node owns a group only while its lease is valid (now before validUntil) and
 *    it is not leaving; a group not owned here is taken offline here.
 * 2. Failure requests: a resource Online or OnlinePending here fails, once per request.
 * 3. Forgotten resources: one no longer configured is forgotten (once it is not busy).
 * 4. Failed resources (not busy), first match wins: cleared when taken offline; retried when
 *    an administrator brought it online since it failed; retried when its group is placed
 *    here again under a newer epoch; restarted here when its restart is due. The last two
 *    only in a group owned here; a retry forgets the failure count, a restart keeps it.
 * 5. Group step: resources go online and offline in dependency order (planGroupStep).
 * 6. Held elsewhere: nothing of a group goes online here while another node still holds
 *    one of its resources (its status OnlinePending, Online or OfflinePending there).
 * 7. Possible owners: a resource whose possible owners leave this node out is never
 *    started here (the manager moves its group away).
 * 8. Live properties: each Online resource of a group owned here gets its current private
 *    properties (the executor applies only a change).
 * 9. Up: the first step with a valid lease marks the node Up.
 */
export function planNodeStep(state: ClusterState, local: NodeView, now: number): NodeAction[] {
  const actions: NodeAction[] = [];
  // The rules see each action's start: a copy of what runs here, updated as actions are planned.
  const seen = new Map<string, { state: ResourceState; busy: boolean }>();
  for (const [name, resource] of local.resources) seen.set(name, { state: resource.state, busy: resource.busy });
  const valid = now < local.validUntil;

  for (const [name, request] of state.failureRequests) {
    const resource = seen.get(name);
    const id = failureRequestId(name, request.at);
    if (!resource || local.handledFailureRequests.has(id)) continue;
    if (resource.state !== 'Online' && resource.state !== 'OnlinePending') continue;
    actions.push({ type: 'fail-on-request', resource: name, request: id, requestedBy: request.requestedBy });
    resource.busy = true;
  }

  for (const [name, resource] of seen) {
    if (!state.resources.has(name) && !resource.busy) actions.push({ type: 'forget', resource: name });
  }

  // One pass over the resources, not one per group: at 1000 groups this runs often.
  const byGroup = new Map<string, ResourceConfig[]>();
  for (const config of state.resources.values()) {
    const members = byGroup.get(config.group);
    if (members) members.push(config);
    else byGroup.set(config.group, [config]);
  }
  for (const group of state.groups.keys()) {
    const placement = state.placements.get(group);
    const resources = byGroup.get(group) ?? [];
    const ownedHere = valid && !local.leaving && placement?.node === local.node;

    for (const config of resources) {
      const resource = local.resources.get(config.name);
      const current = seen.get(config.name);
      if (!resource || !current || current.state !== 'Failed' || current.busy) continue;
      const reset = failedReset(config, resource, ownedHere ? placement?.epoch : undefined, local.node, now);
      if (!reset) continue;
      actions.push({ type: 'reset', resource: config.name, ...reset });
      current.state = 'Offline';
    }
    if (!ownedHere && !resources.some((r) => seen.has(r.name))) continue;

    const observed = new Map<string, ResourceState>();
    for (const r of resources) observed.set(r.name, seen.get(r.name)?.state ?? 'Offline');
    const step = planGroupStep({ resources, observed, ownedHere });
    const heldElsewhere = resources.some((r) => {
      const status = state.resourceStatuses.get(r.name);
      return status !== undefined && status.node !== local.node && holding.has(status.state);
    });

    for (const name of step.takeOffline) {
      const current = seen.get(name);
      if (!current || current.busy) continue;
      actions.push({ type: 'take-offline', resource: name });
      Object.assign(current, { state: 'OfflinePending', busy: true });
    }
    if (ownedHere && placement && !heldElsewhere) {
      for (const name of step.bringOnline) {
        const config = state.resources.get(name) as ResourceConfig;
        if (config.possibleOwners && !config.possibleOwners.includes(local.node)) continue;
        const current = seen.get(name);
        if (current?.busy) continue;
        actions.push({ type: 'bring-online', resource: name, group, epoch: placement.epoch });
        seen.set(name, { state: 'OnlinePending', busy: true });
      }
    }
    if (ownedHere) {
      for (const r of resources) {
        const current = seen.get(r.name);
        if (current?.state === 'Online' && !current.busy) actions.push({ type: 'apply-properties', resource: r.name });
      }
    }
  }

  if (!local.markedUp && valid) actions.push({ type: 'mark-up' });
  return actions;
}

/** Rule 4: why a failed resource goes back to Offline now, if it does. */
function failedReset(
  config: ResourceConfig,
  resource: LocalResourceView,
  epochHere: number | undefined,
  node: string,
  now: number,
): { reason: string; clearFailures: boolean } | undefined {
  if (config.persistentState === 'Offline') return { reason: 'taken offline', clearFailures: true };
  // resetAt is the command's wall-clock time and since the agent's clock: the same clock on a
  // node (a test with a fake agent clock must date its commands by it too).
  if (config.resetAt !== undefined && config.resetAt > resource.since)
    return { reason: 'brought online by an administrator', clearFailures: true };
  if (epochHere !== undefined && epochHere > resource.epoch)
    return { reason: `placed on ${node} again`, clearFailures: true };
  if (epochHere !== undefined && resource.restartAfter > 0 && now >= resource.restartAfter)
    return { reason: 'restarting after failure', clearFailures: false };
  return undefined;
}
