import { describe, expect, it } from 'vitest';
import { CliError } from '../src/exit-codes.ts';
import { findProperty, propertyName, valueOf, type JsonSchema } from '../src/property-values.ts';

/*
 * How `PROP=VALUE` becomes typed JSON: one describe per rule of property-values.ts. Pure,
 * no server.
 */

/** The usage error (exit 2) reading `text` by `schema` ends with. */
function refusal(schema: JsonSchema, text: string, path = 'private.X'): string {
  try {
    valueOf(schema, text, path);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error(`"${text}" was read`);
}

describe('rule 1: an exact name wins over a case-insensitive one, wherever each is', () => {
  const own: JsonSchema = { properties: { MaxUser: { type: 'integer' }, restartthreshold: { type: 'string' } } };
  const common: JsonSchema = {
    properties: { restartThreshold: { type: 'integer' }, separateMonitor: { type: 'boolean' } },
  };
  const places = [
    ['private', own],
    ['common', common],
  ] as const;

  it('an exact common name beats a private name that differs only in case', () => {
    expect(findProperty(places, 'restartThreshold')).toEqual({ place: 'common', name: 'restartThreshold' });
  });

  it('an exact private name beats a common name that differs only in case', () => {
    expect(findProperty(places, 'restartthreshold')).toEqual({ place: 'private', name: 'restartthreshold' });
  });

  it('without an exact name anywhere, the places are tried in order without regard to case', () => {
    expect(findProperty(places, 'RESTARTTHRESHOLD')).toEqual({ place: 'private', name: 'restartthreshold' });
    expect(findProperty(places, 'maxuser')).toEqual({ place: 'private', name: 'MaxUser' });
    expect(findProperty(places, 'SEPARATEMONITOR')).toEqual({ place: 'common', name: 'separateMonitor' });
  });

  it('a name in no place is undefined; one place works the same', () => {
    expect(findProperty(places, 'Nope')).toBeUndefined();
    expect(propertyName(own, 'maxUSER')).toBe('MaxUser');
    expect(propertyName({ properties: { abc: {}, ABC: {} } }, 'ABC')).toBe('ABC');
  });
});

describe('rule 2: anyOf reads by the first member that can', () => {
  it('integer | string: "5" is 5, "abc" is the text', () => {
    const schema: JsonSchema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    expect(valueOf(schema, '5', 'p')).toBe(5);
    expect(valueOf(schema, 'abc', 'p')).toBe('abc');
  });

  it('members are tried in the schema\'s order: string | integer keeps "5" as text', () => {
    expect(valueOf({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, '5', 'p')).toBe('5');
  });

  it('a literal the text spells wins; null is null when a member allows it', () => {
    const schema: JsonSchema = { anyOf: [{ const: 'auto' }, { type: 'integer' }, { type: 'null' }] };
    expect(valueOf(schema, 'auto', 'p')).toBe('auto');
    expect(valueOf(schema, 'null', 'p')).toBeNull();
    expect(valueOf(schema, '12', 'p')).toBe(12);
  });

  it('refused only when no member reads it, saying what each would take', () => {
    expect(refusal({ anyOf: [{ const: 'Prevent' }, { const: 'Allow' }] }, 'Sometimes', 'policy.autoFailback')).toBe(
      'policy.autoFailback: "Sometimes" is not one of Prevent, Allow',
    );
    expect(refusal({ anyOf: [{ const: 'auto' }, { type: 'integer' }] }, 'x')).toBe(
      'private.X: "x" is not one of auto, nor a whole number',
    );
    expect(refusal({ anyOf: [{ type: 'integer' }, { type: 'boolean' }] }, 'maybe')).toBe(
      'private.X: "maybe" is not a whole number, nor true or false',
    );
  });

  it('with one member to read by, its own refusal stands (naming an array item)', () => {
    expect(refusal({ anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'x')).toBe(
      'private.X: "x" is not a whole number',
    );
    expect(refusal({ anyOf: [{ type: 'array', items: { type: 'integer' } }, { type: 'null' }] }, '1,x')).toBe(
      'private.X[1]: "x" is not a whole number',
    );
  });
});

describe('rule 3: enum', () => {
  it('takes a value it lists and refuses another', () => {
    const schema: JsonSchema = { type: 'string', enum: ['tcp', 'udp'] };
    expect(valueOf(schema, 'udp', 'p')).toBe('udp');
    expect(refusal(schema, 'icmp')).toBe('private.X: "icmp" is not one of tcp, udp');
  });
});

describe('rule 4: by type', () => {
  it('integer and number', () => {
    expect(valueOf({ type: 'integer' }, '5', 'p')).toBe(5);
    expect(refusal({ type: 'integer' }, 'many', 'private.MaxUser')).toBe(
      'private.MaxUser: "many" is not a whole number',
    );
    expect(refusal({ type: 'integer' }, '2.5')).toBe('private.X: "2.5" is not a whole number');
    expect(valueOf({ type: 'number' }, '2.5', 'p')).toBe(2.5);
    expect(refusal({ type: 'number' }, '')).toBe('private.X: "" is not a number');
  });

  it('boolean, in the words people use', () => {
    for (const [text, value] of [
      ['true', true],
      ['YES', true],
      ['on', true],
      ['1', true],
      ['false', false],
      ['no', false],
      ['off', false],
      ['0', false],
    ] as const) {
      expect(valueOf({ type: 'boolean' }, text, 'p'), text).toBe(value);
    }
    expect(refusal({ type: 'boolean' }, 'maybe')).toBe('private.X: "maybe" is not true or false');
  });

  it('array: comma-separated (items read by their schema) or JSON', () => {
    expect(valueOf({ type: 'array', items: { type: 'integer' } }, '1, 2', 'p')).toEqual([1, 2]);
    expect(valueOf({ type: 'array', items: { type: 'string' } }, '["a,b","c"]', 'p')).toEqual(['a,b', 'c']);
    expect(valueOf({ type: 'array' }, '', 'p')).toEqual([]);
    expect(refusal({ type: 'array', items: { type: 'integer' } }, '1,x')).toBe(
      'private.X[1]: "x" is not a whole number',
    );
    expect(refusal({ type: 'array' }, '[oops')).toBe('private.X: "[oops" is not a JSON array such as ["a","b"]');
  });

  it('object is JSON; string is the text as it is; a nullable type takes null', () => {
    expect(valueOf({ type: 'object' }, '{"A":"b"}', 'p')).toEqual({ A: 'b' });
    expect(refusal({ type: 'object' }, 'A=b')).toBe('private.X: "A=b" is not a JSON object such as {"NAME":"value"}');
    expect(valueOf({ type: 'string' }, '5', 'p')).toBe('5');
    expect(valueOf({ type: ['string', 'null'] }, 'null', 'p')).toBeNull();
  });
});

describe('rule 5: no type to go by', () => {
  it('JSON when it parses, else the text', () => {
    expect(valueOf({}, '5', 'p')).toBe(5);
    expect(valueOf({}, '{"a":1}', 'p')).toEqual({ a: 1 });
    expect(valueOf({}, 'hello', 'p')).toBe('hello');
  });
});
