import { describe, expect, it } from 'vitest';
import { LineSplitter, maxLineLength } from '../src/process/line-splitter.ts';

describe('LineSplitter', () => {
  it('takes lines one at a time across chunks, LF or CRLF, keeping the unfinished rest', () => {
    const splitter = new LineSplitter();
    splitter.push('one\r\ntw');
    expect(splitter.next()).toBe('one');
    expect(splitter.next()).toBeUndefined();
    expect(splitter.buffered).toBe(2);
    splitter.push('o\nthree\n');
    expect([splitter.next(), splitter.next(), splitter.next()]).toEqual(['two', 'three', undefined]);
    expect(splitter.buffered).toBe(0);
  });

  it('cuts a line longer than the limit, even when its newline came in the same chunk', () => {
    const splitter = new LineSplitter();
    splitter.push(`${'a'.repeat(maxLineLength + 10)}\nnext\n`);
    expect(splitter.next()).toBe('a'.repeat(maxLineLength));
    expect(splitter.next()).toBe('a'.repeat(10));
    expect(splitter.next()).toBe('next');
  });
});
