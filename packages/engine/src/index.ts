/**
 * @wolfpack/engine: the cluster itself, without HTTP, over any ClusterStore
 * (@wolfpack/store): the pure policy, the failover manager, the node agent, the
 * resource host, the commands that change the cluster, and the views clients read.
 */
export * from './model/cluster-state.ts';
export * from './model/derived.ts';
export * from './model/dependencies.ts';
export * from './model/cluster-views.ts';
export * from './follow/state-follower.ts';
export * from './runtime/index.ts';
export * from './policy/index.ts';
export * from './commands/index.ts';
export * from './events/index.ts';
export * from './name-service/index.ts';
export * from './catalog/catalog.ts';
export * from './catalog/cluster-catalog.ts';
export * from './catalog/module-files.ts';
export { NodeAgent, type NodeAgentOptions } from './agent/node-agent.ts';
export {
  apiServerAdvertised,
  ResourceCredentials,
  type ResourceCredentialsOptions,
} from './agent/resource-credentials.ts';
export { FailoverManager, type FailoverManagerOptions } from './manager/failover-manager.ts';
export * from './control/index.ts';
export * from './validation/index.ts';
