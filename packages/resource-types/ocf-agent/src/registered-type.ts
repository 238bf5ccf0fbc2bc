import type { ResourceTypeManifest } from '@wolfpack/contracts';
import type { AgentRef } from './agent.ts';
import type { MetaData } from './meta-data.ts';
import { readMetaData } from './ocf-type.ts';
import { registeredManifest } from './property-schema.ts';

/*
 * What `wolfpack type ocf-import PROVIDER:AGENT` registers, made where the agent is: the
 * CLI runs the local agent's `meta-data`, turns it into a manifest, and uploads the
 * ocf-agent package's registered-engine bundle with the agent fixed, through the same
 * registration endpoint as any type package.
 */

/** The placeholder registered-engine.ts holds, as the bundle spells it. */
export const agentPlaceholder = JSON.stringify('__WOLFPACK_OCF_AGENT__');

/** The registered-engine bundle with `ref` written over its placeholder; throws when the bundle has not exactly one. */
export function fixAgent(bundle: string, ref: AgentRef): string {
  const count = bundle.split(agentPlaceholder).length - 1;
  if (count !== 1)
    throw new Error(
      `the OCF registered-engine bundle holds its agent placeholder ${count} times, not once: rebuild it (node scripts/build.mjs)`,
    );
  const agent = { provider: ref.provider, agent: ref.agent, root: ref.root };
  // The source map stays behind: the registered module is uploaded alone.
  return bundle
    .replace(agentPlaceholder, () => JSON.stringify(JSON.stringify(agent)))
    .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

export interface RegisteredTypePackage {
  manifest: ResourceTypeManifest;
  engineModule: string;
  metaData: MetaData;
}

/**
 * The package to register for the agent: refused (rejects naming the agent's path) when
 * the agent is missing, not executable, fails its meta-data action, or prints no valid XML.
 */
export async function registeredTypePackage(
  ref: AgentRef,
  engineBundle: string,
  options: { name?: string; version?: string } = {},
): Promise<RegisteredTypePackage> {
  const metaData = await readMetaData(ref);
  return { manifest: registeredManifest(ref, metaData, options), engineModule: fixAgent(engineBundle, ref), metaData };
}
