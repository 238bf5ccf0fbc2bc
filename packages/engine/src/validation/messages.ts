import type { ErrorObject } from 'ajv';
import type { FieldError } from '@wolfpack/contracts';

/*
 * Turns ajv's errors into FieldErrors a person can act on: the path of the field
 * (`private.MaxUser`, `dependencies[1]`) and a sentence naming it and the rule
 * ("MaxUser must be <= 10").
 */

const typeNames: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** `/private/MaxUser` → ['private', 'MaxUser'] (JSON pointer unescaped). */
function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments as `a.b[2].c`, after the prefix. */
function joinPath(prefix: string, segments: string[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}

/** The last name in a path, for the sentence: `private.MaxUser` → `MaxUser`, `dependencies[1]` → `dependencies[1]`. */
function fieldName(path: string): string {
  const dot = path.lastIndexOf('.');
  return path === '' ? 'value' : path.slice(dot + 1);
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function typeRule(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return `must be ${types.map((name) => typeNames[name] ?? name).join(' or ')}`;
}

/** The rule an error broke, as the end of a sentence ("must be <= 10"). */
function ruleOf(error: ErrorObject, schemaDescription: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return typeRule(params.type);
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${params.comparison} ${params.limit}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`;
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'minItems':
      return `must have at least ${params.limit} items`;
    case 'maxItems':
      return `must have at most ${params.limit} items`;
    case 'uniqueItems':
      return `must not list the same item twice (items ${Math.min(Number(params.i), Number(params.j))} and ${Math.max(Number(params.i), Number(params.j))} are equal)`;
    case 'pattern':
      return schemaDescription ? `is not valid: ${schemaDescription}` : `must match the pattern ${params.pattern}`;
    case 'format':
      return `must be a valid ${params.format}`;
    case 'const':
      return `must be ${show(params.allowedValue)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'multipleOf':
      return `must be a multiple of ${params.multipleOf}`;
    default:
      return error.message ?? 'is not valid';
  }
}

/**
 * An `anyOf` (TypeBox Union) explained by its branches: all `const` → "must be one of: …";
 * all type mismatches → "must be a list or null"; otherwise the branch errors that reach
 * deeper into the value say more than the union does.
 */
function explainUnion(union: ErrorObject, branches: ErrorObject[]): { rule: string } | { deeper: ErrorObject[] } {
  const here = branches.filter((branch) => branch.instancePath === union.instancePath);
  const deeper = branches.filter((branch) => branch.instancePath !== union.instancePath);
  if (here.length > 0 && here.every((branch) => branch.keyword === 'const' || branch.keyword === 'enum')) {
    const allowed = here.flatMap((branch) => {
      const params = branch.params as Record<string, unknown>;
      return branch.keyword === 'const' ? [params.allowedValue] : (params.allowedValues as unknown[]);
    });
    if (deeper.length === 0) return { rule: `must be one of: ${allowed.map(show).join(', ')}` };
  }
  if (deeper.length > 0) return { deeper };
  if (here.length > 0 && here.every((branch) => branch.keyword === 'type')) {
    const types = here.flatMap((branch) => String((branch.params as Record<string, unknown>).type).split(','));
    return { rule: typeRule([...new Set(types)]) };
  }
  return { rule: 'does not match any allowed form' };
}

/** Finds the schema node an error points at, for its description (used by pattern messages). */
function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  // schemaPath ends with the keyword ("#/properties/name/pattern"): its parent is the schema.
  const segments = segmentsOf(schemaPath.replace(/^#/, '')).slice(0, -1);
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/**
 * FieldErrors for ajv's errors (collected with allErrors), one per field and rule,
 * paths under `pathPrefix` (e.g. `private`).
 */
export function fieldErrorsOf(errors: readonly ErrorObject[], schema: unknown, pathPrefix = ''): FieldError[] {
  const unions = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const within = (error: ErrorObject, union: ErrorObject) =>
    error.schemaPath.startsWith(`${union.schemaPath}/`) &&
    (error.instancePath === union.instancePath || error.instancePath.startsWith(`${union.instancePath}/`));
  // The innermost union an error belongs to (unions may nest).
  const branchOf = (error: ErrorObject): ErrorObject | undefined => {
    let found: ErrorObject | undefined;
    for (const union of unions) {
      if (union === error || !within(error, union)) continue;
      if (!found || union.schemaPath.length > found.schemaPath.length) found = union;
    }
    return found;
  };
  const result: FieldError[] = [];
  const seen = new Set<string>();
  const add = (segments: string[], rule: string) => {
    const path = joinPath(pathPrefix, segments);
    const message = `${fieldName(path)} ${rule}`;
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    result.push({ path, message });
  };
  const report = (error: ErrorObject): void => {
    const segments = segmentsOf(error.instancePath);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required') return add([...segments, String(params.missingProperty)], 'is required');
    if (error.keyword === 'additionalProperties') {
      return add([...segments, String(params.additionalProperty)], 'is not an allowed property');
    }
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches = errors.filter((other) => other !== error && within(other, error));
      const explained = explainUnion(error, branches);
      if ('rule' in explained) return add(segments, explained.rule);
      for (const branch of explained.deeper) if (branchOf(branch) === error) report(branch);
      return;
    }
    const description = schemaAt(schema, error.schemaPath)?.description;
    add(segments, ruleOf(error, typeof description === 'string' ? description : undefined));
  };
  // Errors inside a union are explained by the union, not one by one.
  for (const error of errors) if (!branchOf(error)) report(error);
  // An empty field breaks its pattern too; "must not be empty" says it all.
  const empty = new Set(result.filter((error) => error.message.endsWith(' must not be empty')).map((error) => error.path));
  return result.filter((error) => !empty.has(error.path) || error.message.endsWith(' must not be empty'));
}
