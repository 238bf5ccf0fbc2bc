import { describe, expect, it } from 'vitest';
import { checkConsoleApi, consoleApiVersion, satisfiesRange } from '../src/version.ts';

describe('console API version ranges', () => {
  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.4.2', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.9.9', '^1.0.0', false],
    ['0.2.5', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.2.9', '~1.2.0', true],
    ['1.3.0', '~1.2.0', false],
    ['1.0.0', '>=1.0.0', true],
    ['3.1.0', '>= 1.0.0 <3', false],
    ['2.9.0', '>=1.0.0 <3.0.0', true],
    ['1.0.0', '1.x', true],
    ['2.0.0', '1.x || 2.x', true],
    ['1.0.0', '*', true],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '=1.0.0', false],
    ['1.0.0', '>1.0.0', false],
    ['1.0.0', '<=1.0.0', true],
  ])('%s in %s is %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  it('refuses a range it cannot read, naming it', () => {
    expect(() => satisfiesRange('1.0.0', '^one')).toThrow('"^one" is not a version range');
  });

  it("tells why a panel is refused: its range, this console's version, and what to do", () => {
    expect(checkConsoleApi('Chat Server', '^1.0.0')).toEqual({ compatible: true });
    const refused = checkConsoleApi('Future Type', '^2.0.0');
    expect(refused).toEqual({
      compatible: false,
      message: `The panel of resource type "Future Type" needs console API ^2.0.0, but this console offers ${consoleApiVersion}. Rebuild the panel against @wolfpack/admin-sdk ${consoleApiVersion}.`,
    });
    expect(checkConsoleApi('Vague Type', undefined)).toMatchObject({
      compatible: false,
      message: expect.stringContaining('does not state the console API version it needs'),
    });
    expect(checkConsoleApi('Odd Type', 'soon')).toMatchObject({
      compatible: false,
      message: expect.stringContaining('"soon" is not a version range'),
    });
  });
});
