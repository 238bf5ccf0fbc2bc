import { XMLParser, XMLValidator } from 'fast-xml-parser';

/*
 * An OCF agent's `meta-data` XML (the OCF resource agent API's ra-api-1.dtd): its
 * parameters and its advertised actions. Read once per agent, on the node (timeouts,
 * defaults) and at `wolfpack type ocf-import` (the property schema).
 */

export interface AgentParameter {
  name: string;
  shortdesc: string;
  longdesc: string;
  /** The content type as the agent wrote it: string, integer, boolean, select, time, … */
  type: string;
  /** The advertised default, as text; the agent applies it itself when the parameter is unset. */
  default?: string;
  required: boolean;
  /** The choices of a `select` parameter (OCF 1.1). */
  options?: string[];
}

export interface AgentAction {
  name: string;
  timeoutMs?: number;
  intervalMs?: number;
  depth?: number;
}

export interface MetaData {
  name: string;
  shortdesc: string;
  longdesc: string;
  parameters: AgentParameter[];
  actions: AgentAction[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['parameter', 'action', 'option', 'shortdesc', 'longdesc'].includes(name),
});

const units: Record<string, number> = {
  ms: 1,
  msec: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
};

/** Pacemaker's duration text in milliseconds: `20s`, `500ms`, `2min`, `20` (seconds); undefined when unreadable. */
export function durationMs(text: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text ?? '');
  if (!match) return undefined;
  const factor = units[(match[2] || 's').toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

const text = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : typeof value === 'object' && value !== null
      ? String((value as Node)['#text'] ?? '')
      : '';

/** The English description among several languages (or the first), whitespace folded. */
function description(values: unknown): string {
  const list = Array.isArray(values) ? (values as unknown[]) : [];
  const english =
    list.find((value) => typeof value === 'object' && value !== null && (value as Node)['@lang'] === 'en') ?? list[0];
  return text(english).replace(/\s+/g, ' ').trim();
}

const attribute = (node: Node, name: string): string | undefined =>
  typeof node[`@${name}`] === 'string' ? (node[`@${name}`] as string) : undefined;
const asNodes = (value: unknown): Node[] =>
  Array.isArray(value) ? value.filter((item): item is Node => typeof item === 'object' && item !== null) : [];
const isTrue = (value: string | undefined) => value === '1' || value === 'true' || value === 'yes';

function parameterOf(node: Node): AgentParameter | undefined {
  const name = attribute(node, 'name');
  if (!name) return undefined;
  const content = (typeof node.content === 'object' && node.content !== null ? node.content : {}) as Node;
  const options = asNodes(content.option)
    .map((option) => attribute(option, 'value'))
    .filter((value): value is string => value !== undefined);
  const advertised = attribute(content, 'default');
  return {
    name,
    shortdesc: description(node.shortdesc),
    longdesc: description(node.longdesc),
    type: attribute(content, 'type') ?? 'string',
    ...(advertised !== undefined ? { default: advertised } : {}),
    required: isTrue(attribute(node, 'required')),
    ...(options.length > 0 ? { options } : {}),
  };
}

function actionOf(node: Node): AgentAction | undefined {
  const name = attribute(node, 'name');
  if (!name) return undefined;
  const timeoutMs = durationMs(attribute(node, 'timeout'));
  const intervalMs = durationMs(attribute(node, 'interval'));
  const depth = attribute(node, 'depth');
  return {
    name,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(depth !== undefined && /^\d+$/.test(depth) ? { depth: Number(depth) } : {}),
  };
}

/** The agent's meta-data, or why the text is not OCF meta-data (not XML, or no <resource-agent>). */
export function parseMetaData(xml: string): MetaData | { problem: string } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return {
      problem: `its meta-data is not valid XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    };
  const document = parser.parse(xml) as Node;
  const root = document['resource-agent'];
  if (typeof root !== 'object' || root === null) return { problem: 'its meta-data has no <resource-agent> element' };
  const agent = root as Node;
  const parameters =
    typeof agent.parameters === 'object' && agent.parameters !== null
      ? (agent.parameters as Node).parameter
      : undefined;
  const actions =
    typeof agent.actions === 'object' && agent.actions !== null ? (agent.actions as Node).action : undefined;
  return {
    name: attribute(agent, 'name') ?? '',
    shortdesc: description(agent.shortdesc),
    longdesc: description(agent.longdesc),
    parameters: asNodes(parameters).flatMap((node) => parameterOf(node) ?? []),
    actions: asNodes(actions).flatMap((node) => actionOf(node) ?? []),
  };
}

/** The advertised action of that name (the first monitor when several, e.g. per role or depth). */
export const actionNamed = (metaData: MetaData, name: string): AgentAction | undefined =>
  metaData.actions.find((action) => action.name === name);

/** The deepest monitor depth the agent advertises (OCF_CHECK_LEVEL for the thorough check), 0 when none. */
export const deepestMonitorDepth = (metaData: MetaData): number =>
  Math.max(0, ...metaData.actions.filter((action) => action.name === 'monitor').map((action) => action.depth ?? 0));
