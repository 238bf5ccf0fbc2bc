import { describe, expect, it } from 'vitest';
import { freshAllowance, refill, waitForLine } from '../src/process/line-rate.ts';
import { LineSplitter, maxLineLength } from '../src/process/line-splitter.ts';

describe('line rate (burst and steady)', () => {
  const limit = { rate: 4, burst: 10 };

  it('allows a burst at once, then refills at the steady rate, never above the burst', () => {
    let allowance = freshAllowance(limit, 0);
    expect(allowance.tokens).toBe(10);
    allowance = { ...allowance, tokens: 0 };
    expect(waitForLine(allowance, limit)).toBe(250);
    expect(refill(allowance, limit, 500).tokens).toBe(2);
    expect(refill(allowance, limit, 60_000).tokens).toBe(10);
    // A clock that goes backwards refills nothing.
    expect(refill({ tokens: 1, at: 1000 }, limit, 500).tokens).toBe(1);
  });
});

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
