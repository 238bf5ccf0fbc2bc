import { describe, expect, it } from 'vitest';
import { closingLines, countLint } from '../test-counts.mjs';

describe('countLint', () => {
  it('counts each check as one test, passed when it found nothing', () => {
    const tally = countLint({
      checks: [
        { name: 'biome check (format and lint)', problems: [] },
        { name: 'import boundaries', problems: [] },
      ],
    });
    expect(closingLines(tally)).toEqual(['2 passed, 0 failed, 0 skipped']);
  });

  it('fails a check once, naming its first ten problems and how many more just above the closing line', () => {
    const problems = Array.from(
      { length: 12 },
      (_, index) => `apps/console/src/file-${index}.tsx:${index + 1}: format`,
    );
    const tally = countLint({
      checks: [
        { name: 'biome check (format and lint)', problems },
        { name: 'import boundaries', problems: ["scripts/bench.mjs:1: '../packages/x' (into packages/x): rule"] },
      ],
    });
    const lines = closingLines(tally);
    expect(lines.at(-1)).toBe('0 passed, 2 failed, 0 skipped');
    expect(lines).toContain('failed: lint, biome check (format and lint): apps/console/src/file-9.tsx:10: format');
    expect(lines).not.toContain('failed: lint, biome check (format and lint): apps/console/src/file-10.tsx:11: format');
    expect(lines).toContain(
      'failed: lint, biome check (format and lint): and 2 more problems (npm run lint shows them all)',
    );
    expect(lines).toContain(
      "failed: lint, import boundaries: scripts/bench.mjs:1: '../packages/x' (into packages/x): rule",
    );
    expect(lines).toHaveLength(10 + 1 + 1 + 1);
  });
});
