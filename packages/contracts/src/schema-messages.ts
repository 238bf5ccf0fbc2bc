import type { FieldError } from './errors.ts';

/*
 * The one validation vocabulary: a schema failure becomes a FieldError a person can act
 * on, the path of the field (`private.MaxUser`, `dependencies[1]`) and a sentence naming
 * it and the rule ("MaxUser must be <= 10"). The server's request validator, the engine's
 * commands, properties and manifest checks, and the admin SDK's checks while typing all
 * speak through here, so the same rule reads the same everywhere. No ajv here (nor any
 * other import): a browser bundle takes this file alone.
 */

/** One broken rule as a JSON Schema validator reports it (the fields of ajv's ErrorObject this reads). */
export interface SchemaFailure {
  keyword: string;
  /** JSON pointer to the value, e.g. `/private/MaxUser`. */
  instancePath: string;
  /** JSON pointer into the schema, ending with the keyword, e.g. `#/properties/name/pattern`. */
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema holding the keyword (ajv's `verbose`); its description explains a pattern. */
  parentSchema?: unknown;
  /** Set on failures inside `propertyNames`: the object key that broke the rule. */
  propertyName?: string;
}

export interface SchemaMessageOptions {
  /** The whole schema, where a pattern's description is looked up when failures carry no parentSchema. */
  schema?: unknown;
  /** Prefix of every path (`private` → `private.MaxUser`); sentences name the field below it. */
  pathPrefix?: string;
  /** What a sentence calls the whole value when it is the one at fault ("the body must be an object"). */
  wholeValue?: string;
}

const typeNames: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `/private/MaxUser` → ['private', 'MaxUser'] (JSON pointer unescaped). */
function segmentsOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments as `a.b[2].c`, after the prefix. */
export function joinFieldPath(prefix: string, segments: readonly string[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path;
}

/** The sentence for a field and a rule: `fieldMessage('MaxUser', 'must be <= 10')`. */
export const fieldMessage = (field: string, rule: string): string => `${field} ${rule}`;

function typeRule(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return `must be ${types.map((name) => typeNames[String(name)] ?? String(name)).join(' or ')}`;
}

/**
 * The rule a failure broke, as the end of a sentence ("must be <= 10"). `description` is
 * the schema's own words for a pattern ("An IPv4 address: four numbers 0-255 …").
 */
export function ruleOf(failure: Pick<SchemaFailure, 'keyword' | 'params' | 'message'>, description?: string): string {
  const params = failure.params;
  switch (failure.keyword) {
    case 'type':
      return typeRule(params.type);
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed property';
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'minProperties':
      return `must name at least ${String(params.limit)} field${params.limit === 1 ? '' : 's'}`;
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return `must not list the same item twice (items ${first} and ${second} are equal)`;
    }
    case 'pattern':
      return description ? `is not valid: ${description}` : `must match the pattern ${String(params.pattern)}`;
    case 'propertyNames':
      return `has a name that is not allowed: "${String(params.propertyName)}"`;
    case 'format':
      return `must be a valid ${String(params.format)}`;
    case 'const':
      return `must be ${show(params.allowedValue)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'multipleOf':
      return `must be a multiple of ${String(params.multipleOf)}`;
    default:
      return failure.message ?? 'is not valid';
  }
}

/**
 * An `anyOf` (TypeBox Union) explained by its branches: all `const` → "must be one of: …";
 * all type mismatches → "must be a list or null"; otherwise the branch failures that reach
 * deeper into the value say more than the union does.
 */
function explainUnion(union: SchemaFailure, branches: SchemaFailure[]): { rule: string } | { deeper: SchemaFailure[] } {
  const here = branches.filter((branch) => branch.instancePath === union.instancePath);
  const deeper = branches.filter((branch) => branch.instancePath !== union.instancePath);
  if (here.length > 0 && here.every((branch) => branch.keyword === 'const' || branch.keyword === 'enum')) {
    const allowed = here.flatMap((branch) =>
      branch.keyword === 'const' ? [branch.params.allowedValue] : (branch.params.allowedValues as unknown[]),
    );
    if (deeper.length === 0) return { rule: `must be one of: ${allowed.map(show).join(', ')}` };
  }
  if (deeper.length > 0) return { deeper };
  if (here.length > 0 && here.every((branch) => branch.keyword === 'type')) {
    const types = here.flatMap((branch) => String(branch.params.type).split(','));
    return { rule: typeRule([...new Set(types)]) };
  }
  return { rule: 'does not match any allowed form' };
}

/** The schema node a failure points at (its schemaPath's parent), for its description. */
function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  const segments = segmentsOf(schemaPath.replace(/^#/, '')).slice(0, -1);
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

function descriptionOf(failure: SchemaFailure, schema: unknown): string | undefined {
  const holder = (failure.parentSchema ?? schemaAt(schema, failure.schemaPath)) as
    | { description?: unknown }
    | undefined;
  return typeof holder?.description === 'string' ? holder.description : undefined;
}

const isUnion = (failure: SchemaFailure) => failure.keyword === 'anyOf' || failure.keyword === 'oneOf';

/**
 * FieldErrors for a validator's failures (collected with allErrors), one per field and
 * rule. A union's branches are explained by the union, not one by one.
 */
export function fieldErrorsOfFailures(
  failures: readonly SchemaFailure[],
  options: SchemaMessageOptions = {},
): FieldError[] {
  const { schema, pathPrefix = '', wholeValue = 'value' } = options;
  const unions = failures.filter(isUnion);
  const within = (failure: SchemaFailure, union: SchemaFailure) =>
    failure.schemaPath.startsWith(`${union.schemaPath}/`) &&
    (failure.instancePath === union.instancePath || failure.instancePath.startsWith(`${union.instancePath}/`));
  // The innermost union a failure belongs to (unions may nest).
  const branchOf = (failure: SchemaFailure): SchemaFailure | undefined => {
    let found: SchemaFailure | undefined;
    for (const union of unions) {
      if (union === failure || !within(failure, union)) continue;
      if (!found || union.schemaPath.length > found.schemaPath.length) found = union;
    }
    return found;
  };
  const result: FieldError[] = [];
  const seen = new Set<string>();
  const add = (segments: string[], rule: string) => {
    const path = joinFieldPath(pathPrefix, segments);
    const message = fieldMessage(joinFieldPath('', segments) || wholeValue, rule);
    const id = `${path}\u0000${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    result.push({ path, message });
  };
  const report = (failure: SchemaFailure): void => {
    const segments = segmentsOf(failure.instancePath);
    // The propertyNames failure names the key; the rule inside it would only repeat it.
    if (failure.propertyName !== undefined) return;
    if (failure.keyword === 'required')
      return add([...segments, String(failure.params.missingProperty)], ruleOf(failure));
    if (failure.keyword === 'additionalProperties')
      return add([...segments, String(failure.params.additionalProperty)], ruleOf(failure));
    if (isUnion(failure)) {
      const branches = failures.filter((other) => other !== failure && within(other, failure));
      const explained = explainUnion(failure, branches);
      if ('rule' in explained) return add(segments, explained.rule);
      for (const branch of explained.deeper) if (branchOf(branch) === failure) report(branch);
      return;
    }
    add(segments, ruleOf(failure, descriptionOf(failure, schema)));
  };
  for (const failure of failures) if (!branchOf(failure)) report(failure);
  // An empty field breaks its pattern too; "must not be empty" says it all.
  const empty = new Set(
    result.filter((error) => error.message.endsWith(' must not be empty')).map((error) => error.path),
  );
  return result.filter((error) => !empty.has(error.path) || error.message.endsWith(' must not be empty'));
}
