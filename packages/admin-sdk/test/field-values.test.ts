import { describe, expect, it } from 'vitest';
import { numberFieldValue, textFieldValue } from '../src/index.ts';

// What a panel's TextField and NumberField show for a parameter (form values are unknown).
describe('field values', () => {
  it('a TextField shows a string as it is, nothing for a missing value, anything else as text', () => {
    expect(textFieldValue('Hello from')).toBe('Hello from');
    expect(textFieldValue('')).toBe('');
    expect(textFieldValue(undefined)).toBe('');
    expect(textFieldValue(null)).toBe('');
    expect(textFieldValue(8080)).toBe('8080');
  });

  it('a NumberField shows a number, or the text being typed, and nothing for anything else', () => {
    expect(numberFieldValue(5)).toBe(5);
    expect(numberFieldValue('12x')).toBe('12x');
    expect(numberFieldValue(undefined)).toBeUndefined();
    expect(numberFieldValue(null)).toBeUndefined();
    expect(numberFieldValue(true)).toBeUndefined();
  });
});
