/** Longest line a client may send; longer input is cut into lines of this length. */
export const maxLineLength = 4096;

/**
 * Turns a socket's text chunks into lines (LF or CRLF), so a slow client that sends a
 * line in pieces, or several lines in one packet, is read the same way.
 */
export class LineSplitter {
  private pending = '';

  /** The complete lines in `chunk` (plus what was pending); keeps the unfinished rest. */
  push(chunk: string): string[] {
    this.pending += chunk;
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) !== -1) {
      lines.push(this.pending.slice(0, newline).replace(/\r$/, ''));
      this.pending = this.pending.slice(newline + 1);
    }
    while (this.pending.length >= maxLineLength) {
      lines.push(this.pending.slice(0, maxLineLength));
      this.pending = this.pending.slice(maxLineLength);
    }
    return lines;
  }
}
