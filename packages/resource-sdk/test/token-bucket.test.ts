import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../src/token-bucket.ts';

// Moved from chat-server's line-input tests (its line rate is a TokenBucket now).
describe('TokenBucket (burst and steady)', () => {
  const rate = { perSecond: 4, burst: 10 };

  it('allows a burst at once, then refills at the steady rate, never above the burst', () => {
    const bucket = new TokenBucket(rate, 0);
    expect(bucket.tokens(0)).toBe(10);
    for (let line = 0; line < 10; line += 1) bucket.spend();
    expect(bucket.tokens(0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(250);
    expect(bucket.tokens(500)).toBe(2);
    expect(bucket.tokens(60_000)).toBe(10);
  });

  it('refills nothing for a clock that goes backwards, nor counts that time again', () => {
    const bucket = new TokenBucket(rate, 1000);
    for (let line = 0; line < 9; line += 1) bucket.spend();
    expect(bucket.tokens(500)).toBe(1);
    expect(bucket.tokens(1000)).toBe(1);
    expect(bucket.tokens(1250)).toBe(2);
  });

  it('goes into debt when spent empty, and waits for it to be paid back', () => {
    const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 0);
    bucket.spend();
    bucket.spend();
    expect(bucket.tokens(0)).toBe(-1);
    expect(bucket.waitMs(0)).toBe(2000);
    expect(bucket.waitMs(2000)).toBe(0);
  });
});
