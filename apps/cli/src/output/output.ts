import { colorWanted } from './color.ts';
import { formatFields, formatTable, type Cell } from './table.ts';

/*
 * Where a command's results go: stdout, as the API's JSON (--json, for jq) or as text
 * for people. Progress and notes go to stderr, so stdout stays the result alone.
 */
export class Output {
  readonly json: boolean;
  /** Whether stdout gets colour. */
  readonly color: boolean;
  /** Whether stderr gets colour and in-place progress lines. */
  readonly errorColor: boolean;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;

  constructor(
    options: { json: boolean; color: boolean },
    stdout: NodeJS.WriteStream = process.stdout,
    stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.json = options.json;
    this.stdout = stdout;
    this.stderr = stderr;
    this.color = colorWanted(stdout, options.color);
    this.errorColor = colorWanted(stderr, options.color);
  }

  /** A reply as the API sent it. */
  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** One reply of a stream (events --follow, status --watch): one JSON document per line. */
  printJsonLine(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** `value` as JSON with --json, else the text `describe` makes of it. */
  result<T>(value: T, describe: (value: T) => string): void {
    if (this.json) this.printJson(value);
    else this.line(describe(value));
  }

  line(text = ''): void {
    this.stdout.write(`${text}\n`);
  }

  table(header: string[], rows: Cell[][], empty = '(none)'): void {
    this.line(rows.length === 0 ? empty : formatTable(header, rows, this.color));
  }

  fields(fields: [string, Cell][]): void {
    this.line(formatFields(fields, this.color));
  }

  /** A note for the person at the terminal (stderr). */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }
}
