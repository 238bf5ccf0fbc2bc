import { usageError } from './exit-codes.ts';

/*
 * `resource set "Chat Server" MaxUser=5`: the shell gives text, the API wants typed JSON.
 * Each value is read by the property's JSON Schema (the type's propertySchema, or the
 * contracts' schemas for common properties and policies). Ranges and patterns are left
 * to the server, which refuses a bad value naming the field. The rules:
 *   1. names: an exact name wins over a case-insensitive one, wherever each is found —
 *      the places are tried exactly first, in order, then without regard to case, in
 *      order (`resource set` looks in the type's own properties, then the common ones);
 *   2. anyOf: a literal the text spells (`Allow`) wins, then `null` when a member allows
 *      it, then each other member in the schema's order, the first that reads the text
 *      (`integer | string`: "5" is 5, "abc" is "abc"); refused only when none does;
 *   3. enum: the text must spell one of the values;
 *   4. by type: `5` is the number 5 for an integer, `true`/`yes`/`on`/`1` a boolean,
 *      `a,b` or `["a","b"]` an array (items read by their schema), an object is JSON,
 *      a string is the text as it is;
 *   5. no type to go by: JSON when it parses, else the text.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
}

/** `MaxUser=5` → ['MaxUser', '5']; the value may itself hold `=`. */
export function assignments(words: string[]): [string, string][] {
  return words.map((word) => {
    const at = word.indexOf('=');
    if (at <= 0) throw usageError(`"${word}": expected PROPERTY=VALUE, e.g. MaxUser=5`);
    return [word.slice(0, at), word.slice(at + 1)];
  });
}

/**
 * Rule 1: which of `places` holds the property a person named, and its exact name. An
 * exact name in any place wins over the same name in another case in any place.
 */
export function findProperty<P extends string>(
  places: readonly (readonly [P, JsonSchema])[],
  name: string,
): { place: P; name: string } | undefined {
  const lower = name.toLowerCase();
  for (const matches of [
    (candidate: string) => candidate === name,
    (candidate: string) => candidate.toLowerCase() === lower,
  ]) {
    for (const [place, schema] of places) {
      const found = Object.keys(schema.properties ?? {}).find(matches);
      if (found !== undefined) return { place, name: found };
    }
  }
  return undefined;
}

/** Rule 1 with one place: the exact name, else the same name in another case (`maxuser`). */
export function propertyName(schema: JsonSchema, name: string): string | undefined {
  return findProperty([['', schema]], name)?.name;
}

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
const onlyNull = (schema: JsonSchema) => typesOf(schema).length > 0 && typesOf(schema).every((type) => type === 'null');

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  '1': true,
  '0': false,
};

/** Text a schema cannot read: where (`private.Servers[1]`) and what was expected there. */
class Unreadable extends Error {
  constructor(
    readonly path: string,
    readonly text: string,
    readonly expected: string,
  ) {
    super(`${path}: "${text}" is not ${expected}`);
  }
}

/** The text as the value `schema` describes; `path` names it in the error (`private.MaxUser`). */
export function valueOf(schema: JsonSchema, text: string, path: string): unknown {
  try {
    return read(schema, text, path);
  } catch (error) {
    throw error instanceof Unreadable ? usageError(error.message) : error;
  }
}

function read(schema: JsonSchema, text: string, path: string): unknown {
  if (schema.anyOf) return readAnyOf(schema.anyOf, text, path);
  if (schema.enum && !schema.enum.some((value) => String(value) === text))
    throw new Unreadable(path, text, `one of ${schema.enum.join(', ')}`);
  const types = typesOf(schema);
  if (text === 'null' && types.includes('null')) return null;
  const type = types.find((candidate) => candidate !== 'null');
  switch (type) {
    case 'integer':
      if (!/^[-+]?\d+$/.test(text.trim())) throw new Unreadable(path, text, 'a whole number');
      return Number(text);
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw new Unreadable(path, text, 'a number');
      return value;
    }
    case 'boolean': {
      const value = booleans[text.toLowerCase()];
      if (value === undefined) throw new Unreadable(path, text, 'true or false');
      return value;
    }
    case 'array':
      if (text.trim().startsWith('[')) return json(text, path, 'a JSON array such as ["a","b"]');
      return text.trim() === ''
        ? []
        : text.split(',').map((item, index) => read(schema.items ?? {}, item.trim(), `${path}[${index}]`));
    case 'object':
      return json(text, path, 'a JSON object such as {"NAME":"value"}');
    case 'string':
      return text;
    default:
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
  }
}

/** Rule 2. */
function readAnyOf(members: JsonSchema[], text: string, path: string): unknown {
  const literals = members.filter((member) => member.const !== undefined);
  const literal = literals.find((member) => String(member.const) === text);
  if (literal) return literal.const;
  if (text === 'null' && members.some((member) => typesOf(member).includes('null'))) return null;
  const readers = members.filter((member) => member.const === undefined && !onlyNull(member));
  const refusals: Unreadable[] = [];
  for (const member of readers) {
    try {
      return read(member, text, path);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      refusals.push(error);
    }
  }
  // One way to read it: its own refusal, which may name an array item.
  if (literals.length === 0 && refusals.length === 1) throw refusals[0]!;
  const expected = [
    ...(literals.length > 0 ? [`one of ${literals.map((member) => String(member.const)).join(', ')}`] : []),
    ...refusals.map((refusal) => refusal.expected),
  ];
  throw new Unreadable(path, text, expected.join(', nor ') || 'anything this property takes');
}

function json(text: string, path: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Unreadable(path, text, expected);
  }
}

/** A value as a person reads it: strings bare, everything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
