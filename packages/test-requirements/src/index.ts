/** What test suites need from the machine: describeWhen, and the requirements it knows. */
export { describeWhen, type SkippedSuite, type UnmetRequirement } from './describe-when.ts';
export { requirements, unmetReason, type Requirement, type RequirementName } from './requirements.mjs';
