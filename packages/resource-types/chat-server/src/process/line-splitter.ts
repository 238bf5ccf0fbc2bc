/** Longest line a client may send; longer input is cut into lines of this length. */
export const maxLineLength = 4096;

/**
 * Turns a socket's text chunks into lines (LF or CRLF), so a slow client that sends a
 * line in pieces, or several lines in one packet, is read the same way. Lines are taken
 * one at a time, so a client over its line rate keeps the rest here (bounded: the server
 * stops reading the socket past a limit) instead of in a queue of split lines.
 */
export class LineSplitter {
  #pending = '';
  /** Where the unread text starts in `pending`: taking a line does not copy the rest. */
  #start = 0;

  push(chunk: string): void {
    this.#pending = this.#start === 0 ? this.#pending + chunk : this.#pending.slice(this.#start) + chunk;
    this.#start = 0;
  }

  /** Characters received and not yet taken as lines. */
  get buffered(): number {
    return this.#pending.length - this.#start;
  }

  /** The next complete line, or undefined; an unfinished line of maxLineLength is cut. */
  next(): string | undefined {
    const newline = this.#pending.indexOf('\n', this.#start);
    if (newline !== -1 && newline - this.#start <= maxLineLength) {
      const line = this.#pending.slice(this.#start, newline).replace(/\r$/, '');
      this.#start = newline + 1;
      return line;
    }
    if (this.buffered >= maxLineLength) {
      const line = this.#pending.slice(this.#start, this.#start + maxLineLength);
      this.#start += maxLineLength;
      return line;
    }
    return undefined;
  }
}
