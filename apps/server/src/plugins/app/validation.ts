import { OptionalKind } from '@sinclair/typebox';
import { Ajv, type ErrorObject } from 'ajv';
import type { FieldError } from '@wolfpack/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/*
 * Request validation against the route schemas (contracts' TypeBox schemas are JSON
 * Schema). Bodies are checked as sent: no type coercion, no defaults filled in (a PATCH
 * must not reset what it did not name), every error reported. Params and query strings
 * arrive as text, so they are coerced ("50" → 50) and get their defaults.
 */

// verbose: errors carry their schema, so a pattern is explained by its description
// ("name must be a name: 1-63 letters…"), not shown as a regular expression.
const bodies = new Ajv({ allErrors: true, strict: false, verbose: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
const texts = new Ajv({ allErrors: true, strict: false, verbose: true, coerceTypes: true, useDefaults: true, removeAdditional: false });

const typeNames: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** `/policy/preferredOwners/1` → `policy.preferredOwners[1]`. */
function dotted(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}

function rule(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').map((type) => typeNames[type] ?? type).join(' or ')}`;
    case 'required':
      return 'is required';
    case 'minLength':
      return `must have at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must have at most ${String(params.limit)} characters`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'minProperties':
      return `must name at least ${String(params.limit)} field${params.limit === 1 ? '' : 's'}`;
    case 'uniqueItems':
      return 'must not list an item twice';
    case 'additionalProperties':
      return 'is not a known field';
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'pattern':
      return error.parentSchema && typeof (error.parentSchema as { description?: unknown }).description === 'string'
        ? `must be ${(error.parentSchema as { description: string }).description.replace(/^[A-Z]/, (c) => c.toLowerCase())}`
        : `must match ${String(params.pattern)}`;
    default:
      return error.message ?? `breaks rule ${error.keyword}`;
  }
}

/** A union of literals (a role, a state) reads as "must be one of …"; other unions by their branches' rules. */
function unionRule(errors: readonly ErrorObject[], instancePath: string): string {
  const branches = errors.filter((error) => error.instancePath === instancePath && error.keyword !== 'anyOf');
  if (branches.length > 0 && branches.every((error) => error.keyword === 'const')) {
    return `must be one of ${branches.map((error) => JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)).join(', ')}`;
  }
  return [...new Set(branches.map(rule))].join(', or ') || 'is not any of the accepted forms';
}

/**
 * ajv's errors as FieldErrors naming the field and its rule ("node must be a string").
 * anyOf's per-branch noise is folded into one line per field.
 */
export function fieldErrorsOf(errors: readonly ErrorObject[], prefix = ''): FieldError[] {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  const anyOfPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  for (const error of errors) {
    let pointer = error.instancePath;
    if (error.keyword === 'required') pointer += `/${String((error.params as { missingProperty: string }).missingProperty)}`;
    if (error.keyword === 'additionalProperties') pointer += `/${String((error.params as { additionalProperty: string }).additionalProperty)}`;
    const inUnion = error.keyword !== 'anyOf' && anyOfPaths.has(error.instancePath);
    const path = [prefix, dotted(pointer)].filter(Boolean).join('.');
    const name = path === '' ? 'the body' : path;
    const message = error.keyword === 'anyOf' ? `${name} ${unionRule(errors, error.instancePath)}` : `${name} ${rule(error)}`;
    if (inUnion || seen.has(message)) continue;
    seen.add(message);
    fields.push({ path, message });
  }
  return fields;
}

/** Sets the validator compilers; register before any route. */
export const validationPlugin = fp(
  async (app: FastifyInstance) => {
    app.setValidatorCompiler(({ schema, httpPart }) => {
      const validate = (httpPart === 'body' ? bodies : texts).compile(schema);
      // A body schema marked Type.Optional may be left out altogether (POST …/move with no body).
      if (httpPart !== 'body' || (schema as Record<symbol, unknown>)[OptionalKind] !== 'Optional') return validate;
      const optional = (data: unknown): boolean => {
        const ok = data === undefined || data === null || validate(data);
        optional.errors = ok ? null : validate.errors;
        return ok;
      };
      optional.errors = null as ErrorObject[] | null | undefined;
      return optional;
    });
  },
  { name: 'wolfpack-validation', fastify: '5.x' },
);
