export interface Note {
  outcome: 'passed' | 'failed' | 'skipped';
  line: string;
}
/** What `npm test` counts (see test-counts.mjs). */
export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  notes: Note[];
}
export function emptyTally(): Tally;
export function oneFailure(line: string): Tally;
export function closingLines(tally: Tally): string[];
export function addTally(tally: Tally, more: Tally): void;
export function countVitest(report: unknown, options: { root: string; required: string[] }): Tally;
export function countPlaywright(report: unknown, options: { testDir: string }): Tally;
export function countLint(report: { checks: { name: string; problems: string[] }[] }): Tally;
