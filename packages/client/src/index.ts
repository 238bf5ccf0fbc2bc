/**
 * @wolfpack/client: every REST endpoint of a Wolfpack server as a typed method, one
 * error shape (WolfpackError), and the live cluster state (`client.live()`,
 * `client.waitFor(…)`). For Node 20+ and browsers.
 */
export {
  WolfpackClient,
  connect,
  createClient,
  type ClientOptions,
  type ConnectOptions,
  type EndpointMethod,
  type EndpointMethods,
  type RawMethod,
  type RawReply,
  type RawRequest,
  type WaitOptions,
} from './client.ts';
export { WolfpackError, errorMessage, type WolfpackErrorCode } from './errors.ts';
export { ClusterState } from './cluster-state.ts';
export type { LiveFeed, LiveOptions, LiveStatus, LiveUpdate } from './live.ts';
export { planStages, planSummary, type PlanStage } from './move-plan.ts';
