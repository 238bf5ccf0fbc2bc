import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History } from '../src/process/history.ts';

describe('History', () => {
  it('replays exactly the last lines of a long file, whole, oldest first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-history-'));
    // Long lines make the tail read cross its first window in the middle of a line.
    const lines = Array.from({ length: 300 }, (_, index) => `line ${index} ${'x'.repeat((index * 37) % 900)}`);
    writeFileSync(join(dir, 'history.log'), `${lines.join('\n')}\n`);
    const history = new History(dir, 50);
    expect(history.recent()).toEqual(lines.slice(-50));
    history.append('one more');
    expect(history.recent()).toEqual([...lines.slice(-49), 'one more']);
    history.close();
    const reopened = new History(dir, 50);
    expect(reopened.recent().at(-1)).toBe('one more');
    reopened.close();
  });

  it('starts empty in a new folder, creating it', () => {
    const history = new History(join(mkdtempSync(join(tmpdir(), 'wp-history-')), 'chat'), 50);
    expect(history.recent()).toEqual([]);
    history.close();
  });
});
