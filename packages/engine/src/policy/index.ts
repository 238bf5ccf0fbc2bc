/** The cluster's decisions as pure functions of ClusterState and an injected clock. */
export { canHost, rankOwners, refusalReasons, selectOwner, type HostCheck, type RankOptions } from './placement.ts';
export { decideResourceFailure, withinPeriod, type RestartDecision } from './restart.ts';
export { mayFailOver, type FailoverDecision } from './failover.ts';
export { failbackTarget, inFailbackWindow } from './failback.ts';
export {
  decide,
  formationEndsAt,
  formatDuration,
  isForming,
  type DecideOptions,
  type ManagerAction,
} from './placement-decision.ts';
export { onlineTargets, planGroupStep, type GroupStep, type GroupStepInput } from './group-reconcile.ts';
export { failureRequestId, planNodeStep, type LocalResourceView, type NodeAction, type NodeView } from './node-step.ts';
export { planMove } from './move-plan.ts';
export { joinBackoff, retryDelayMs, type Backoff } from './backoff.ts';
