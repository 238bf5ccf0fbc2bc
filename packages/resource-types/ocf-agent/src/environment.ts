import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { AgentRef } from './agent.ts';
import type { MetaData } from './meta-data.ts';
import { parseBoolean } from './property-schema.ts';

/*
 * The environment an OCF agent runs in, as Pacemaker's executor sets it: OCF_ROOT, the
 * API version, the instance, type and provider, OCF_RESKEY_<name> for each parameter,
 * and HA_RSCTMP (here one folder per resource, under its node-local state folder).
 */

export interface EnvironmentInput {
  ref: AgentRef;
  /** The Wolfpack resource name. */
  resource: string;
  /** The resource's own scratch folder, HA_RSCTMP. */
  rscTmp: string;
  /** Parameter values by OCF name. */
  parameters: Record<string, unknown>;
  /** The agent's meta-data when known: a value equal to an advertised default is left to the agent. */
  metaData?: MetaData;
  /** The action's timeout, passed as Pacemaker does (OCF_RESKEY_CRM_meta_timeout, ms). */
  timeoutMs?: number;
  /** OCF_CHECK_LEVEL for a monitor (the depth of the check). */
  checkLevel?: number;
  /** What the agent inherits: PATH and the rest of the node's environment. */
  base?: NodeJS.ProcessEnv;
}

/**
 * OCF_RESOURCE_INSTANCE for a Wolfpack resource: agents put it in file names unquoted
 * (Dummy's `touch ${OCF_RESKEY_state}`), so anything but letters, digits, `_`, `.`, `-`
 * becomes `_` ("Cluster IP" → "Cluster_IP"). HA_RSCTMP is per resource, so two names that
 * fold alike cannot share a state file there.
 */
export const instanceName = (resource: string): string => resource.replace(/[^A-Za-z0-9_.-]/g, '_');

// Agents use HA_RSCTMP and OCF_RESOURCE_INSTANCE in unquoted shell words.
const shellSafe = /^[A-Za-z0-9_./-]+$/;

/**
 * HA_RSCTMP for a resource: `<folder of the state folders>/.ocf/<instance>-<8 hex>`, not
 * inside the resource's own state folder: on a root node that folder belongs to the
 * resource user, and a root-run agent writing there would follow whatever links they
 * planted. The folder above is root's (0711). Agents use HA_RSCTMP as an unquoted shell
 * word, so the path climbs to the nearest ancestor without spaces ("Web Dummy"); ".ocf"
 * cannot be a resource's folder (names cannot start with "."), and the hash of the state
 * folder keeps "Web Dummy" and "Web_Dummy" apart.
 */
export function rscTmpFor(stateDir: string, resource: string): string {
  let ancestor = dirname(stateDir);
  while (!shellSafe.test(ancestor) && ancestor !== dirname(ancestor)) ancestor = dirname(ancestor);
  const hash = createHash('sha256').update(stateDir).digest('hex').slice(0, 8);
  return join(ancestor, '.ocf', `${instanceName(resource)}-${hash}`);
}

/** A parameter's value as the text an agent reads; booleans as true/false. */
export function parameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * True when the value is the agent's advertised default. Pacemaker passes only what was
 * set, and an agent's real default may differ from the text it advertises (Dummy says
 * /run/resource-agents/Dummy-RESOURCE_ID.state and means its own instance's file), so
 * such a value is left unset for the agent to apply.
 */
export function isAdvertisedDefault(name: string, value: unknown, metaData: MetaData | undefined): boolean {
  const advertised = metaData?.parameters.find((parameter) => parameter.name === name)?.default;
  if (advertised === undefined) return false;
  if (typeof value === 'boolean') return parseBoolean(advertised) === value;
  if (typeof value === 'number') return advertised.trim() !== '' && Number(advertised) === value;
  return advertised === value;
}

/** The whole environment of one agent action. */
export function ocfEnvironment(input: EnvironmentInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(input.base ?? process.env) };
  // Nothing of an outer cluster stack may leak in: only this resource's parameters.
  for (const name of Object.keys(env)) if (name.startsWith('OCF_RESKEY_')) delete env[name];
  Object.assign(env, {
    OCF_ROOT: input.ref.root,
    OCF_RA_VERSION_MAJOR: '1',
    OCF_RA_VERSION_MINOR: '1',
    OCF_RESOURCE_INSTANCE: instanceName(input.resource),
    OCF_RESOURCE_TYPE: input.ref.agent,
    OCF_RESOURCE_PROVIDER: input.ref.provider,
    HA_RSCTMP: input.rscTmp,
  });
  if (input.timeoutMs !== undefined) env.OCF_RESKEY_CRM_meta_timeout = String(input.timeoutMs);
  if (input.checkLevel !== undefined) env.OCF_CHECK_LEVEL = String(input.checkLevel);
  for (const [name, value] of Object.entries(input.parameters)) {
    if (value === undefined || value === null || isAdvertisedDefault(name, value, input.metaData)) continue;
    env[`OCF_RESKEY_${name}`] = parameterText(value);
  }
  return env;
}
