/*
 * Summaries and tables: every benchmark prints name | runs | p50 | p95 | min | max (ms).
 * Percentiles are nearest-rank, so with 20 runs p95 is the 19th of 20, a real sample.
 */

export interface Summary {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50, p95, min and max of the samples, in milliseconds. */
export function summarize(name: string, samplesMs: number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    name,
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

const ms = (value: number) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : '—');

/** A Markdown-compatible table: name | runs | p50 | p95 | min | max (in ms, or the unit given). */
export function formatTable(title: string, rows: Summary[], unit = 'ms'): string {
  const header = ['name', 'runs', `p50 ${unit}`, `p95 ${unit}`, `min ${unit}`, `max ${unit}`];
  const cells = rows.map((row) => [row.name, String(row.runs), ms(row.p50), ms(row.p95), ms(row.min), ms(row.max)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: string[]) =>
    `| ${cell.map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [`\n${title}\n`, line(header), rule, ...cells.map(line)].join('\n');
}

/** A two-column key | value table, for one-off measurements (sizes, memory, counts). */
export function formatFacts(title: string, facts: [string, string][]): string {
  const width = Math.max(4, ...facts.map(([key]) => key.length));
  const valueWidth = Math.max(5, ...facts.map(([, value]) => value.length));
  return [
    `\n${title}\n`,
    `| ${'what'.padEnd(width)} | ${'value'.padEnd(valueWidth)} |`,
    `|${'-'.repeat(width + 2)}|${'-'.repeat(valueWidth + 2)}|`,
    ...facts.map(([key, value]) => `| ${key.padEnd(width)} | ${value.padEnd(valueWidth)} |`),
  ].join('\n');
}
