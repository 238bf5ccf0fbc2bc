import { paint, stateColor, type Color } from './color.ts';

/*
 * Aligned columns, as `cluster.exe` and `kubectl get` print them. Colour is applied
 * after padding, so escape codes never throw the columns off.
 */

/** A cell: its text, and optionally the colour it is shown in. */
export type Cell = string | { text: string; color?: Color | undefined };

const textOf = (cell: Cell) => (typeof cell === 'string' ? cell : cell.text);
const colorOf = (cell: Cell) => (typeof cell === 'string' ? undefined : cell.color);

/** Rows under a header, each column as wide as its widest cell, two spaces apart. */
export function formatTable(header: string[], rows: Cell[][], color: boolean, indent = ''): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => textOf(row[column] ?? '').length)),
  );
  const line = (cells: Cell[], bold = false) =>
    indent +
    cells
      .map((cell, column) => {
        const last = column === cells.length - 1;
        const text = last ? textOf(cell) : textOf(cell).padEnd(widths[column] ?? 0);
        return paint(text, bold ? 'bold' : colorOf(cell), color);
      })
      .join('  ')
      .trimEnd();
  return [line(header, true), ...rows.map((row) => line(row))].join('\n');
}

/** `key: value` lines with the values aligned, for one object. */
export function formatFields(fields: [string, Cell][], color: boolean, indent = ''): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length + 1));
  return fields
    .map(([key, value]) =>
      `${indent}${`${key}:`.padEnd(width)}  ${paint(textOf(value), colorOf(value), color)}`.trimEnd(),
    )
    .join('\n');
}

/** A node, group or resource state in its colour. */
export const stateCell = (text: string): Cell => ({ text, color: stateColor(text) });
