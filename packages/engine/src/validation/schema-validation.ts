import { Ajv, type ValidateFunction } from 'ajv';
import type { FieldError } from '@wolfpack/contracts';
import { fieldErrorsOfFailures } from '@wolfpack/contracts/schema-messages';

/*
 * JSON Schema validation with ajv. TypeBox schemas are JSON Schema, and so are the
 * property schemas in resource type manifests. Each schema is compiled once: by object
 * identity, and by its JSON text for schemas parsed anew from the store on every read.
 */

// strict: false because manifests come from type authors and may carry keywords or
// formats ajv does not know; those are ignored rather than refusing the whole type.
const checking = new Ajv({ allErrors: true, strict: false, logger: false });
const defaulting = new Ajv({ allErrors: true, strict: false, logger: false, useDefaults: true });

interface Compiled {
  check: ValidateFunction;
  fill: ValidateFunction;
}

const byIdentity = new WeakMap<object, Compiled>();
const byText = new Map<string, Compiled>();
/** Bounds the text cache: type manifests change rarely, but a long-lived server sees many versions. */
const maxCachedByText = 500;

function compiled(schema: object): Compiled {
  const known = byIdentity.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let entry = byText.get(text);
  if (!entry) {
    entry = { check: checking.compile(schema), fill: defaulting.compile(schema) };
    if (byText.size >= maxCachedByText) byText.delete(byText.keys().next().value!);
    byText.set(text, entry);
  }
  byIdentity.set(schema, entry);
  return entry;
}

export interface ValidateOptions {
  /** Prefix of every error path, e.g. `private` → `private.MaxUser`. */
  pathPrefix?: string;
}

/**
 * Checks a value against a JSON Schema; returns one FieldError per bad field and rule
 * (empty when the value is valid). The value is not changed.
 */
export function validateAgainst(schema: object, value: unknown, options: ValidateOptions = {}): FieldError[] {
  const { check } = compiled(schema);
  if (check(value)) return [];
  return fieldErrorsOfFailures(check.errors ?? [], { schema, pathPrefix: options.pathPrefix ?? '' });
}

/**
 * A copy of the value with the schema's defaults filled in where properties are
 * missing (nested objects too). Validity is not checked: call validateAgainst after.
 */
export function withDefaults<T>(schema: object, value: T): T {
  const copy = structuredClone(value);
  compiled(schema).fill(copy);
  return copy;
}
