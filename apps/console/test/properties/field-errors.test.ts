import { describe, expect, it } from 'vitest';
import { WolfpackError } from '@wolfpack/client';
import {
  errorAt,
  fieldErrorsByPath,
  fieldErrorsOf,
  hasErrorUnder,
  normaliseFieldPath,
} from '../../src/properties/field-errors.ts';

// The server's refusals placed at a form's fields: what the sheets and wizards show.
describe('field errors', () => {
  const refusal = new WolfpackError(400, 'validation', 'invalid body: two problems', [
    { path: '/private/MaxUser', message: 'MaxUser must be <= 10' },
    { path: 'private.MaxUser', message: 'MaxUser must be an integer' },
    { path: 'common.restartThreshold', message: 'restartThreshold must be >= 0' },
  ]);

  it("keys a WolfpackError's fields by dotted path, joining two messages for one field", () => {
    expect(fieldErrorsByPath(refusal)).toEqual({
      'private.MaxUser': 'MaxUser must be <= 10; MaxUser must be an integer',
      'common.restartThreshold': 'restartThreshold must be >= 0',
    });
  });

  it('has no fields for a refusal without them, or for anything that is not a WolfpackError', () => {
    expect(fieldErrorsByPath(new WolfpackError(409, 'conflict', 'node PAUSED is Paused'))).toEqual({});
    expect(fieldErrorsByPath(new WolfpackError(0, 'unreachable', 'cannot reach the server: Failed to fetch'))).toEqual(
      {},
    );
    expect(fieldErrorsOf(new Error('boom'))).toEqual([]);
    expect(fieldErrorsOf(undefined)).toEqual([]);
  });

  it('normalises field paths written as JSON pointers', () => {
    expect(normaliseFieldPath('/private/MaxUser')).toBe('private.MaxUser');
    expect(normaliseFieldPath('common.restartThreshold')).toBe('common.restartThreshold');
  });

  it("finds a field's message under either name, and whether a page holds any", () => {
    const errors = fieldErrorsByPath(refusal);
    expect(errorAt(errors, 'restartThreshold', 'common.restartThreshold')).toBe('restartThreshold must be >= 0');
    expect(hasErrorUnder(errors, 'private')).toBe(true);
    expect(hasErrorUnder(errors, 'description', 'policy')).toBe(false);
  });
});
