import { usageError } from './exit-codes.ts';

/*
 * `resource set "Chat Server" MaxUser=5`: the shell gives text, the API wants typed JSON.
 * Each value is read by the property's JSON Schema (the type's propertySchema, or the
 * contracts' schemas for common properties and policies): `5` is the number 5 for an
 * integer, `true` a boolean, `a,b` or `["a","b"]` an array. Ranges and patterns are left
 * to the server, which refuses a bad value naming the field.
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

/** The property a person meant: the exact name, else the same name in another case (`maxuser`). */
export function propertyName(schema: JsonSchema, name: string): string | undefined {
  const names = Object.keys(schema.properties ?? {});
  return names.find((candidate) => candidate === name) ?? names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}

const typesOf = (schema: JsonSchema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

const booleans: Record<string, boolean> = { true: true, false: false, yes: true, no: false, on: true, off: false, '1': true, '0': false };

/** The text as the value `schema` describes; `path` names it in the error (`private.MaxUser`). */
export function valueOf(schema: JsonSchema, text: string, path: string): unknown {
  if (schema.anyOf) {
    const literal = schema.anyOf.find((member) => member.const !== undefined && String(member.const) === text);
    if (literal) return literal.const;
    if (text === 'null' && schema.anyOf.some((member) => typesOf(member).includes('null'))) return null;
    const rest = schema.anyOf.filter((member) => member.const === undefined && !typesOf(member).includes('null'));
    if (rest.length === 0) {
      const choices = schema.anyOf.filter((member) => member.const !== undefined).map((member) => String(member.const));
      throw usageError(`${path}: "${text}" is not one of ${choices.join(', ')}`);
    }
    return valueOf(rest[0]!, text, path);
  }
  if (schema.enum && !schema.enum.some((value) => String(value) === text)) throw usageError(`${path}: "${text}" is not one of ${schema.enum.join(', ')}`);
  const types = typesOf(schema);
  if (text === 'null' && types.includes('null')) return null;
  const type = types.find((candidate) => candidate !== 'null');
  switch (type) {
    case 'integer':
      if (!/^[-+]?\d+$/.test(text.trim())) throw usageError(`${path}: "${text}" is not a whole number`);
      return Number(text);
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw usageError(`${path}: "${text}" is not a number`);
      return value;
    }
    case 'boolean': {
      const value = booleans[text.toLowerCase()];
      if (value === undefined) throw usageError(`${path}: "${text}" is not true or false`);
      return value;
    }
    case 'array':
      if (text.trim().startsWith('[')) return json(text, path, 'a JSON array such as ["a","b"]');
      return text.trim() === '' ? [] : text.split(',').map((item, index) => valueOf(schema.items ?? {}, item.trim(), `${path}[${index}]`));
    case 'object':
      return json(text, path, 'a JSON object such as {"NAME":"value"}');
    case 'string':
      return text;
    default:
      // No type to go by: JSON when it is JSON, else the text.
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
  }
}

function json(text: string, path: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(`${path}: expected ${expected}`);
  }
}

/** A value as a person reads it: strings bare, everything else as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
