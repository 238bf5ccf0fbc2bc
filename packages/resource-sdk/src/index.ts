/** @wolfpack/resource-sdk: supervised processes for resource type modules, the child side of their IPC, and short-lived commands. */
export {
  startSupervisedProcess,
  type SupervisedProcess,
  type SupervisedProcessOptions,
  type ExitInfo,
} from './supervised-process.ts';
export { answerRequests, type RequestHandler } from './child.ts';
export { isReply, isRequest, type ReplyEnvelope, type RequestEnvelope } from './envelope.ts';
export { findCommand, setprivPath } from './find-command.ts';
export { inheritedEnvironment, launchCommand, missingSetprivRefusal } from './process-launch.ts';
export {
  currentResource,
  dynamicId,
  dynamicIdRange,
  lookUpUser,
  perGroupGid,
  perResourceUser,
  resourceIdsSetting,
  resourceIdsVariable,
  resourceProcessUser,
  resourceUserOfNode,
  resourceUserSetting,
  resourceUserVariable,
  runAsResource,
  type ProcessUser,
  type ResourceIdentity,
} from './resource-user.ts';
export { runCommand, type CommandOptions, type CommandResult } from './run-command.ts';
