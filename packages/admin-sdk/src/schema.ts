import type { FieldError } from '@wolfpack/contracts';

/*
 * A resource type's property schema as a form sees it: its fields, their defaults, and
 * the checks a person should see while typing. The server stays the authority (it runs
 * the full JSON Schema and the type's validate()); these checks say the same sentences
 * ("MaxUser must be <= 10") so a person gets the answer before pressing Apply.
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

const asObjectSchema = (schema: unknown): ObjectSchema => (typeof schema === 'object' && schema !== null ? (schema as ObjectSchema) : {});

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
  return new Set(propertyFields(propertySchema).filter((field) => field.schema.writeOnly === true).map((field) => field.name));
}

/** The defaults the schema states, by property name. */
export function propertyDefaults(propertySchema: unknown): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const field of propertyFields(propertySchema)) if (field.schema.default !== undefined) defaults[field.name] = field.schema.default;
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
  if (schema.anyOf?.length && schema.anyOf.every((branch) => branch.const !== undefined)) return schema.anyOf.map((branch) => branch.const);
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

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function typeProblem(kind: string, value: unknown): string | undefined {
  switch (kind) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'must be an integer';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'must be an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list';
    default:
      return undefined;
  }
}

/** A broken rule, where inside the value (`''`, `.PATH`, `[1]`) and what it says ("must be <= 10"). */
interface Problem {
  at: string;
  rule: string;
}

function problemOf(schema: PropertySchema, value: unknown): Problem | undefined {
  const here = (rule: string): Problem => ({ at: '', rule });
  const kind = kindOf(schema);
  const wrongType = typeProblem(kind, value);
  if (wrongType) return here(wrongType);
  const choices = choicesOf(schema);
  if (choices && !choices.some((choice) => choice === value)) return here(`must be one of: ${choices.map(show).join(', ')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return here(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) return here(`must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return here(`must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return here(`must be < ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && value % schema.multipleOf !== 0) return here(`must be a multiple of ${schema.multipleOf}`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      return here(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return here(`must be at most ${schema.maxLength} characters long`);
    if (schema.pattern !== undefined && patternOf(schema.pattern)?.test(value) === false) {
      return here(schema.description ? `is not valid: ${schema.description}` : `must match the pattern ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return here(`must have at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return here(`must have at most ${schema.maxItems} items`);
    for (const [index, item] of value.entries()) {
      const inner = schema.items ? problemOf(schema.items, item) : undefined;
      if (inner) return { at: `[${index}]${inner.at}`, rule: inner.rule };
    }
  }
  if (kind === 'object' && typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (schema.propertyNames?.pattern && patternOf(schema.propertyNames.pattern)?.test(key) === false) return here(`has a name that is not allowed: "${key}"`);
      const inner = typeof schema.additionalProperties === 'object' ? problemOf(schema.additionalProperties, item) : undefined;
      if (inner) return { at: `.${key}${inner.at}`, rule: inner.rule };
    }
  }
  return undefined;
}

/** The last name of a path, as the sentence starts: `MaxUser`, `PATH`, `Items[1]`. */
const lastName = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** A field's problem with its path below `private` (`MaxUser`, `Environment.PATH`) and the sentence. */
function fieldProblem(field: PropertyField, value: unknown): { path: string; message: string } | undefined {
  if (value === undefined || value === null) {
    return field.required && field.schema.default === undefined ? { path: field.name, message: `${field.name} is required` } : undefined;
  }
  const problem = problemOf(field.schema, value);
  if (!problem) return undefined;
  const path = `${field.name}${problem.at}`;
  return { path, message: `${lastName(path)} ${problem.rule}` };
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
