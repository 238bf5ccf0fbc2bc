import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's resource-agents (and Pacemaker) put OCF agents: OCF_ROOT. */
export const defaultOcfRoot = '/usr/lib/ocf';

/** An OCF agent by Pacemaker's name `PROVIDER:AGENT` (heartbeat:IPaddr2), and the OCF_ROOT holding it. */
export interface AgentRef {
  provider: string;
  agent: string;
  root: string;
}

// One path segment each: no "/", no "." or ".." on their own.
const segment = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;

/** `heartbeat:Dummy` as provider and agent, or a message saying what is wrong with it. */
export function parseAgentName(text: string, root: string = defaultOcfRoot): AgentRef | { problem: string } {
  const parts = text.split(':');
  if (parts.length === 3 && parts[0] === 'ocf') parts.shift(); // Pacemaker's full form, ocf:heartbeat:Dummy
  const [provider = '', agent = ''] = parts;
  if (parts.length !== 2 || !segment.test(provider) || !segment.test(agent)) {
    return {
      problem: `"${text}" is not an OCF agent name PROVIDER:AGENT such as heartbeat:Dummy (letters, digits, "_", ".", "+", "-")`,
    };
  }
  return { provider, agent, root };
}

/** The agent's executable: OCF_ROOT/resource.d/PROVIDER/AGENT. */
export const agentPath = (ref: AgentRef): string => join(ref.root, 'resource.d', ref.provider, ref.agent);

/** Pacemaker's name of the agent: heartbeat:Dummy. */
export const agentName = (ref: Pick<AgentRef, 'provider' | 'agent'>): string => `${ref.provider}:${ref.agent}`;

/** Why the agent cannot be run (missing, not a file, not executable), naming its path; undefined when it can. */
export function agentProblem(ref: AgentRef): string | undefined {
  const path = agentPath(ref);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return `OCF agent ${agentName(ref)}: ${path} does not exist (is the package providing it, e.g. Debian's resource-agents, installed on this node?)`;
  }
  if (!isFile) return `OCF agent ${agentName(ref)}: ${path} is not a file`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `OCF agent ${agentName(ref)}: ${path} is not executable`;
  }
  return undefined;
}
