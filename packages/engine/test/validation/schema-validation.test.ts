import { Type } from '@sinclair/typebox';
import { Ipv4Address } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/validation/index.ts';

// The sentences every part of Wolfpack says for a broken schema rule
// (@wolfpack/contracts/schema-messages), read here through real ajv failures.
describe('schema failures as field errors', () => {
  it('names the field below the prefix and the rule', () => {
    const schema = Type.Object({
      MaxUser: Type.Integer({ maximum: 10 }),
      Environment: Type.Record(Type.String(), Type.String()),
    });
    expect(validateAgainst(schema, { MaxUser: 11, Environment: { PATH: 3 } }, { pathPrefix: 'private' })).toEqual([
      { path: 'private.MaxUser', message: 'MaxUser must be <= 10' },
      { path: 'private.Environment.PATH', message: 'Environment.PATH must be a string' },
    ]);
  });

  it('calls the whole value "value" when it is the one at fault', () => {
    expect(validateAgainst(Type.Object({}), 3)).toEqual([{ path: '', message: 'value must be an object' }]);
  });

  it('words lengths, an empty field and unknown or missing properties', () => {
    const schema = Type.Object(
      { password: Type.String({ minLength: 8 }), name: Type.String({ minLength: 1, pattern: '^[a-z]+$' }) },
      { additionalProperties: false },
    );
    expect(validateAgainst(schema, { password: 'short', name: '', colour: 'red' })).toEqual([
      { path: 'colour', message: 'colour is not an allowed property' },
      { path: 'password', message: 'password must be at least 8 characters long' },
      { path: 'name', message: 'name must not be empty' },
    ]);
    expect(validateAgainst(schema, {})).toEqual([
      { path: 'password', message: 'password is required' },
      { path: 'name', message: 'name is required' },
    ]);
  });

  it('explains a pattern by its description, and shows it only when there is none', () => {
    expect(validateAgainst(Type.Object({ dnsAddress: Ipv4Address }), { dnsAddress: '256.1.1.1' })).toEqual([
      {
        path: 'dnsAddress',
        message: 'dnsAddress is not valid: An IPv4 address: four numbers 0-255 separated by dots, such as 127.0.0.1',
      },
    ]);
    expect(validateAgainst(Type.Object({ code: Type.String({ pattern: '^[A-Z]+$' }) }), { code: 'abc' })).toEqual([
      { path: 'code', message: 'code must match the pattern ^[A-Z]+$' },
    ]);
  });

  it('reads a union of literals as its choices, and names a key that is not allowed once', () => {
    const schema = Type.Object({
      autoFailback: Type.Union([Type.Literal('Prevent'), Type.Literal('Allow')]),
      Environment: Type.Object({}, { propertyNames: { pattern: '^[A-Z_]+$' }, additionalProperties: Type.String() }),
      dependencies: Type.Array(Type.String(), { uniqueItems: true }),
    });
    expect(
      validateAgainst(schema, {
        autoFailback: 'Sometimes',
        Environment: { 'not-a-name': 'x' },
        dependencies: ['Disk', 'IP', 'Disk'],
      }),
    ).toEqual([
      { path: 'autoFailback', message: 'autoFailback must be one of: Prevent, Allow' },
      { path: 'Environment', message: 'Environment has a name that is not allowed: "not-a-name"' },
      { path: 'dependencies', message: 'dependencies must not list the same item twice (items 0 and 2 are equal)' },
    ]);
  });
});
