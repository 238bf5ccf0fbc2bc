import { usageError } from '../exit-codes.ts';

/*
 * What `wolfpack type new` is asked for, checked: the type's name, its private
 * parameters (`MaxUser:integer:1..10=10`), the process it supervises and the resource
 * types it must depend on. Every refusal names the flag, the value and the rule, and is
 * thrown before anything is written.
 */

export const parameterKinds = ['string', 'integer', 'number', 'boolean'] as const;
export type ParameterKind = (typeof parameterKinds)[number];

export interface ParameterSpec {
  name: string;
  kind: ParameterKind;
  minimum?: number;
  maximum?: number;
  /** Absent: the parameter is required (the New Resource wizard asks for it). */
  default?: string | number | boolean;
}

export interface TypeSpec {
  /** The type's name as the cluster shows it: "Echo Server". */
  name: string;
  /** The package's folder and npm name part: "echo-server". */
  kebabName: string;
  parameters: ParameterSpec[];
  /** The supervised process: program and arguments, split as a shell would. */
  process?: { command: string; args: string[] };
  requiredDependencies: string[];
}

/** The rule of contracts' ObjectName: a type name becomes a store key and a URL segment. */
const objectName = /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/;
/** A parameter name is also a JavaScript property and an environment variable suffix. */
const parameterName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkTypeName(name: string, builtInTypes: readonly string[]): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 63 || !objectName.test(trimmed)) {
    throw usageError(
      `type name "${name}": must be 1-63 letters, digits, spaces, "_", "." or "-", not starting with a space, "." or "-"`,
    );
  }
  const clash = builtInTypes.find((builtIn) => builtIn.toLowerCase() === trimmed.toLowerCase());
  if (clash) throw usageError(`type name "${name}": "${clash}" is a built-in resource type; choose another name`);
  return trimmed;
}

/** "Echo Server" → "echo-server". */
export function kebabOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function numberIn(text: string, spec: string, what: string, kind: ParameterKind): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw usageError(`--param "${spec}": ${what} "${text}" is not a number`);
  if (kind === 'integer' && !Number.isInteger(value))
    throw usageError(`--param "${spec}": ${what} "${text}" is not an integer`);
  return value;
}

function defaultOf(text: string, spec: string, parameter: Omit<ParameterSpec, 'default'>): string | number | boolean {
  if (parameter.kind === 'string') return text;
  if (parameter.kind === 'boolean') {
    if (text !== 'true' && text !== 'false')
      throw usageError(`--param "${spec}": a boolean default must be true or false, not "${text}"`);
    return text === 'true';
  }
  const value = numberIn(text, spec, 'default', parameter.kind);
  if (parameter.minimum !== undefined && value < parameter.minimum)
    throw usageError(`--param "${spec}": default ${value} is below the minimum ${parameter.minimum}`);
  if (parameter.maximum !== undefined && value > parameter.maximum)
    throw usageError(`--param "${spec}": default ${value} is above the maximum ${parameter.maximum}`);
  return value;
}

/** `NAME:TYPE[:MIN..MAX][=DEFAULT]`, e.g. `MaxUser:integer:1..10=10` or `Greeting:string=Hello`. */
export function parseParameter(spec: string): ParameterSpec {
  const equals = spec.indexOf('=');
  const head = equals === -1 ? spec : spec.slice(0, equals);
  const parts = head.split(':');
  if (parts.length < 2 || parts.length > 3)
    throw usageError(`--param "${spec}": expected NAME:TYPE[:MIN..MAX][=DEFAULT], e.g. MaxUser:integer:1..10=10`);
  const [name = '', kindText = '', range] = parts;
  if (!parameterName.test(name))
    throw usageError(
      `--param "${spec}": the name "${name}" must start with a letter or "_" and hold only letters, digits and "_"`,
    );
  if (!(parameterKinds as readonly string[]).includes(kindText))
    throw usageError(`--param "${spec}": the type "${kindText}" must be one of ${parameterKinds.join(', ')}`);
  const kind = kindText as ParameterKind;
  const parameter: ParameterSpec = { name, kind };
  if (range !== undefined) {
    if (kind !== 'integer' && kind !== 'number')
      throw usageError(
        `--param "${spec}": a MIN..MAX range applies to integer and number parameters only, not ${kind}`,
      );
    const bounds = range.split('..');
    if (bounds.length !== 2 || (bounds[0] === '' && bounds[1] === ''))
      throw usageError(
        `--param "${spec}": the range "${range}" must be MIN..MAX (either side may be left out: 1.. or ..10)`,
      );
    if (bounds[0] !== '') parameter.minimum = numberIn(bounds[0]!, spec, 'minimum', kind);
    if (bounds[1] !== '') parameter.maximum = numberIn(bounds[1]!, spec, 'maximum', kind);
    if (parameter.minimum !== undefined && parameter.maximum !== undefined && parameter.minimum > parameter.maximum) {
      throw usageError(`--param "${spec}": the minimum ${parameter.minimum} is above the maximum ${parameter.maximum}`);
    }
  }
  if (equals !== -1) parameter.default = defaultOf(spec.slice(equals + 1), spec, parameter);
  return parameter;
}

export function parseParameters(specs: readonly string[]): ParameterSpec[] {
  const parameters = specs.map(parseParameter);
  const seen = new Set<string>();
  for (const { name } of parameters) {
    if (seen.has(name.toLowerCase()))
      throw usageError(`--param ${name}: given twice (names are compared without case)`);
    seen.add(name.toLowerCase());
  }
  return parameters;
}

/** `"IP Address, Network Name,Disk"` → the names, each an object name, once each. */
export function parseDependencies(text: string | undefined): string[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (name.length > 63 || !objectName.test(name))
      throw usageError(
        `--depends "${text}": "${name}" is not a resource type name (1-63 letters, digits, spaces, "_", "." or "-")`,
      );
  }
  return [...new Set(names)];
}

/** A command line split as a POSIX shell splits words: quotes and backslashes, no expansion. */
export function splitCommand(line: string): { command: string; args: string[] } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && index + 1 < line.length && '"\\$`'.includes(line[index + 1]!))
        word = (word ?? '') + line[++index];
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '\\' && index + 1 < line.length) word = (word ?? '') + line[++index];
    else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (quote) throw usageError(`--process "${line}": the ${quote} quote is not closed`);
  if (word !== undefined) words.push(word);
  const [command, ...args] = words;
  if (command === undefined) throw usageError('--process: the command is empty');
  return { command, args };
}
