/** @wolfpack/type-ocf-agent: OCF resource agents, unchanged, as Wolfpack resources. */
export { default } from './engine.ts';
export { ocfTypeModule, readMetaData, defaultActionTimeoutMs } from './ocf-type.ts';
export { agentName, agentPath, agentProblem, defaultOcfRoot, parseAgentName, type AgentRef } from './agent.ts';
export { actionSucceeded, describeExitCode, monitorOutcome, type MonitorOutcome } from './exit-codes.ts';
export {
  actionNamed,
  deepestMonitorDepth,
  durationMs,
  parseMetaData,
  type AgentAction,
  type AgentParameter,
  type MetaData,
} from './meta-data.ts';
export { instanceName, isAdvertisedDefault, ocfEnvironment, parameterText, rscTmpFor } from './environment.ts';
export {
  parseBoolean,
  propertyOf,
  propertySchemaOf,
  registeredManifest,
  registeredTypeName,
} from './property-schema.ts';
export { agentPlaceholder, fixAgent, registeredTypePackage, type RegisteredTypePackage } from './registered-type.ts';
