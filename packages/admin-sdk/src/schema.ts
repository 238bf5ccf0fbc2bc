import type { FieldError } from '@wolfpack/contracts';
import { fieldMessage, joinFieldPath, ruleOf } from '@wolfpack/contracts/schema-messages';

/*
 * A resource type's property schema as a form sees it: its fields, their defaults, and
 * the checks a person should see while typing. The server stays the authority (it runs
 * the full JSON Schema and the type's validate()); these checks say the same sentences
 * ("MaxUser must be <= 10", from @wolfpack/contracts/schema-messages, as the server's) so
 * a person gets the answer before pressing Apply.
 */

/** The parts of one property's JSON Schema that a form uses. */
export interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: PropertySchema;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | PropertySchema;
  propertyNames?: { pattern?: string };
  anyOf?: PropertySchema[];
  /** A secret: written, never read back (views leave its value out and say whether it is set). */
  writeOnly?: boolean;
}

/** An object schema: a type's `propertySchema`. */
export interface ObjectSchema {
  type?: 'object';
  properties?: Record<string, unknown>;
  required?: string[];
}

/** One property of a type, in the schema's order. */
export interface PropertyField {
  name: string;
  schema: PropertySchema;
  required: boolean;
}

const asObjectSchema = (schema: unknown): ObjectSchema =>
  typeof schema === 'object' && schema !== null ? (schema as ObjectSchema) : {};

/** The fields of a property schema, in its order. */
export function propertyFields(propertySchema: unknown): PropertyField[] {
  const schema = asObjectSchema(propertySchema);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    schema: (typeof property === 'object' && property !== null ? property : {}) as PropertySchema,
    required: required.has(name),
  }));
}

/** The properties the schema marks writeOnly: the form never has their values. */
export function writeOnlyNames(propertySchema: unknown): Set<string> {
  return new Set(
    propertyFields(propertySchema)
      .filter((field) => field.schema.writeOnly === true)
      .map((field) => field.name),
  );
}

/** The defaults the schema states, by property name. */
export function propertyDefaults(propertySchema: unknown): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const field of propertyFields(propertySchema))
    if (field.schema.default !== undefined) defaults[field.name] = field.schema.default;
  return defaults;
}

/** The JSON type a property holds (the first of a type list; enums of strings are strings). */
export function kindOf(schema: PropertySchema): string {
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  if (type) return type;
  if (schema.enum?.every((value) => typeof value === 'string')) return 'string';
  if (schema.anyOf?.every((branch) => branch.const !== undefined)) return typeof schema.anyOf[0]?.const;
  return 'unknown';
}

/** The allowed values of an enumerated property (`enum`, or a union of `const`s), if it is one. */
export function choicesOf(schema: PropertySchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  if (schema.anyOf?.length && schema.anyOf.every((branch) => branch.const !== undefined))
    return schema.anyOf.map((branch) => branch.const);
  return undefined;
}

/** A schema pattern as a RegExp; a pattern JavaScript cannot read checks nothing here (the server still checks). */
function patternOf(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** The sentence end for one rule, in the server's words (`ruleOf` is shared with it). */
const broken = (keyword: string, params: Record<string, unknown>, description?: string): string =>
  ruleOf({ keyword, params }, description);

function typeProblem(kind: string, value: unknown): string | undefined {
  const fits: Record<string, (value: unknown) => boolean> = {
    integer: (value) => typeof value === 'number' && Number.isInteger(value),
    number: (value) => typeof value === 'number' && Number.isFinite(value),
    string: (value) => typeof value === 'string',
    boolean: (value) => typeof value === 'boolean',
    object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    array: (value) => Array.isArray(value),
  };
  const fit = fits[kind];
  return fit === undefined || fit(value) ? undefined : broken('type', { type: kind });
}

/** A broken rule, where inside the value (`''`, `.PATH`, `[1]`) and what it says ("must be <= 10"). */
interface Problem {
  at: string;
  rule: string;
}

function numberProblem(schema: PropertySchema, value: number): string | undefined {
  const bound = (keyword: string, comparison: string, limit: number | undefined, fails: (limit: number) => boolean) =>
    limit !== undefined && fails(limit) ? broken(keyword, { comparison, limit }) : undefined;
  return (
    bound('minimum', '>=', schema.minimum, (limit) => value < limit) ??
    bound('maximum', '<=', schema.maximum, (limit) => value > limit) ??
    bound('exclusiveMinimum', '>', schema.exclusiveMinimum, (limit) => value <= limit) ??
    bound('exclusiveMaximum', '<', schema.exclusiveMaximum, (limit) => value >= limit) ??
    (schema.multipleOf !== undefined && value % schema.multipleOf !== 0
      ? broken('multipleOf', { multipleOf: schema.multipleOf })
      : undefined)
  );
}

function stringProblem(schema: PropertySchema, value: string): string | undefined {
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return broken('minLength', { limit: schema.minLength });
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return broken('maxLength', { limit: schema.maxLength });
  if (schema.pattern !== undefined && patternOf(schema.pattern)?.test(value) === false)
    return broken('pattern', { pattern: schema.pattern }, schema.description);
  return undefined;
}

function problemOf(schema: PropertySchema, value: unknown): Problem | undefined {
  const here = (rule: string | undefined): Problem | undefined => (rule === undefined ? undefined : { at: '', rule });
  const kind = kindOf(schema);
  const wrongType = typeProblem(kind, value);
  if (wrongType) return here(wrongType);
  const choices = choicesOf(schema);
  if (choices && !choices.some((choice) => choice === value)) return here(broken('enum', { allowedValues: choices }));
  if (typeof value === 'number') return here(numberProblem(schema, value));
  if (typeof value === 'string') return here(stringProblem(schema, value));
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return here(broken('minItems', { limit: schema.minItems }));
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      return here(broken('maxItems', { limit: schema.maxItems }));
    for (const [index, item] of value.entries()) {
      const inner = schema.items ? problemOf(schema.items, item) : undefined;
      if (inner) return { at: joinFieldPath('', [String(index)]) + inner.at, rule: inner.rule };
    }
  }
  if (kind === 'object' && typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (schema.propertyNames?.pattern && patternOf(schema.propertyNames.pattern)?.test(key) === false)
        return here(broken('propertyNames', { propertyName: key }));
      const inner =
        typeof schema.additionalProperties === 'object' ? problemOf(schema.additionalProperties, item) : undefined;
      if (inner) return { at: `.${key}${inner.at}`, rule: inner.rule };
    }
  }
  return undefined;
}

/** A field's problem with its path below `private` (`MaxUser`, `Environment.PATH`) and the sentence. */
function fieldProblem(field: PropertyField, value: unknown): { path: string; message: string } | undefined {
  if (value === undefined || value === null) {
    return field.required && field.schema.default === undefined
      ? { path: field.name, message: fieldMessage(field.name, broken('required', {})) }
      : undefined;
  }
  const problem = problemOf(field.schema, value);
  if (!problem) return undefined;
  const path = `${field.name}${problem.at}`;
  return { path, message: fieldMessage(path, problem.rule) };
}

/**
 * The message a person should see at one field, or undefined when the value is fine.
 * `undefined` means "not set": wrong only for a required property without a default.
 */
export function checkProperty(field: PropertyField, value: unknown): string | undefined {
  return fieldProblem(field, value)?.message;
}

/** Every problem with a set of private properties, as the server names them (`private.<Field>`). */
export function checkProperties(propertySchema: unknown, values: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of propertyFields(propertySchema)) {
    const problem = fieldProblem(field, values[field.name]);
    if (problem) errors.push({ path: `private.${problem.path}`, message: problem.message });
  }
  return errors;
}

/**
 * The property a field error path names: `private.MaxUser` → `MaxUser`,
 * `private.Environment.PATH` → `Environment`, a bare `MaxUser` → `MaxUser`. A form shows
 * an error at the field of that name, or with the form's other errors when it has none.
 */
export function propertyOfPath(path: string): string | undefined {
  const rest = path.startsWith('private.') ? path.slice('private.'.length) : path;
  return /^[^.[]+/.exec(rest)?.[0];
}
