import type { ResourceTypeManifest } from '@wolfpack/contracts';
import { agentName, agentPath, type AgentRef } from './agent.ts';
import type { AgentParameter, MetaData } from './meta-data.ts';

/*
 * An agent's meta-data as a registered type's manifest (`wolfpack type ocf-import`): each
 * OCF parameter becomes a private property with its description, type, default and
 * required flag, so the console's generated form shows them with no panel written.
 */

/** The registered type's name: `OCF heartbeat IPaddr2` (a type name cannot hold ":"). */
export const registeredTypeName = (ref: Pick<AgentRef, 'provider' | 'agent'>): string =>
  `OCF ${ref.provider} ${ref.agent}`;

/** The text values OCF agents take for booleans (ocf_is_true). */
export function parseBoolean(text: string): boolean | undefined {
  const folded = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 'y'].includes(folded)) return true;
  if (['0', 'false', 'no', 'off', 'n'].includes(folded)) return false;
  return undefined;
}

/** Short and long description as one text, without saying the same thing twice. */
function describe(parameter: AgentParameter): string {
  const { shortdesc, longdesc } = parameter;
  if (!shortdesc) return longdesc;
  if (!longdesc || longdesc.startsWith(shortdesc.replace(/\.$/, ''))) return longdesc || shortdesc;
  return `${shortdesc.replace(/\.$/, '')}. ${longdesc}`;
}

/**
 * One parameter as JSON Schema. integer and boolean keep their type; `select` becomes a
 * string enum; every other OCF content type (string, time, port, …) is a string, as the
 * agent reads it from the environment. A default the type cannot hold is left out (the
 * agent still applies it), and a required parameter has none.
 */
export function propertyOf(parameter: AgentParameter): Record<string, unknown> {
  const advertised = parameter.required ? undefined : parameter.default;
  const base = { description: describe(parameter) };
  switch (parameter.type) {
    case 'integer': {
      const value = advertised !== undefined && /^-?\d+$/.test(advertised.trim()) ? Number(advertised) : undefined;
      return { type: 'integer', ...base, ...(value !== undefined ? { default: value } : {}) };
    }
    case 'boolean': {
      const value = advertised !== undefined ? parseBoolean(advertised) : undefined;
      return { type: 'boolean', ...base, ...(value !== undefined ? { default: value } : {}) };
    }
    default: {
      const options = parameter.options;
      const allowed = advertised !== undefined && (!options || options.includes(advertised));
      return {
        type: 'string',
        ...base,
        ...(options ? { enum: options } : {}),
        ...(allowed ? { default: advertised } : {}),
      };
    }
  }
}

/** The private property schema of an agent's registered type. */
export function propertySchemaOf(metaData: MetaData): ResourceTypeManifest['propertySchema'] {
  const required = metaData.parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);
  return {
    type: 'object',
    properties: Object.fromEntries(metaData.parameters.map((parameter) => [parameter.name, propertyOf(parameter)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

const descriptionLimit = 512;

/** The manifest `type ocf-import` registers: the schema above, and the engine module it uploads beside it. */
export function registeredManifest(
  ref: AgentRef,
  metaData: MetaData,
  options: { name?: string; version?: string } = {},
): ResourceTypeManifest {
  const about = metaData.shortdesc || metaData.longdesc;
  const description = `OCF agent ${agentName(ref)} (${agentPath(ref)}), unchanged${about ? `: ${about}` : ''}`;
  return {
    name: options.name ?? registeredTypeName(ref),
    version: options.version ?? '1.0.0',
    description: description.length > descriptionLimit ? `${description.slice(0, descriptionLimit - 1)}…` : description,
    propertySchema: propertySchemaOf(metaData),
    controlCodes: [],
    requiredDependencies: [],
    entryPoints: { engine: 'engine.mjs' },
  };
}
