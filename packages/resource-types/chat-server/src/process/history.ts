import { closeSync, fdatasyncSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The file in the history folder that holds every chat line, one per line. */
export const historyFileName = 'history.log';

/** Reads the last `count` lines of an open file without reading all of it. */
function tailLines(fd: number, count: number): string[] {
  const size = fstatSync(fd).size;
  let window = 16 * 1024;
  for (;;) {
    const start = Math.max(0, size - window);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // A window that starts mid-file may cut its first line: drop it unless we reached the start.
    if (start > 0) lines.shift();
    if (lines.length >= count || start === 0) return lines.slice(-count);
    window *= 4;
  }
}

/**
 * The chat history on the group's disk: appended durably line by line (written and
 * fdatasync'd before anyone sees the line), with the most recent lines kept for replay.
 */
export class History {
  private readonly fd: number;
  private readonly recentLines: string[];

  constructor(
    readonly dir: string,
    private readonly keep: number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(join(dir, historyFileName), 'a+');
    this.recentLines = tailLines(this.fd, keep);
  }

  /** The last lines, oldest first. */
  recent(): string[] {
    return [...this.recentLines];
  }

  /** Appends one line; when this returns, the line survives a kill -9 (and a power cut). */
  append(line: string): void {
    writeSync(this.fd, `${line}\n`);
    fdatasyncSync(this.fd);
    this.recentLines.push(line);
    if (this.recentLines.length > this.keep) this.recentLines.shift();
  }

  close(): void {
    closeSync(this.fd);
  }
}
