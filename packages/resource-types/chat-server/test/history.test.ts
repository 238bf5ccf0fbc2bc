import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { History } from '../src/process/history.ts';

const unbounded = 1024 * 1024 * 1024;

describe('History', () => {
  it('replays exactly the last lines of a long file, whole, oldest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-history-'));
    // Long lines make the tail read cross its first window in the middle of a line.
    const lines = Array.from({ length: 300 }, (_, index) => `line ${index} ${'x'.repeat((index * 37) % 900)}`);
    writeFileSync(join(dir, 'history.log'), `${lines.join('\n')}\n`);
    const history = new History(dir, 50, unbounded);
    expect(history.recent()).toEqual(lines.slice(-50));
    await history.append(['one more', 'and another']);
    expect(history.recent()).toEqual([...lines.slice(-48), 'one more', 'and another']);
    history.close();
    const reopened = new History(dir, 50, unbounded);
    expect(reopened.recent().slice(-2)).toEqual(['one more', 'and another']);
    reopened.close();
  });

  it('starts empty in a new folder, creating it', () => {
    const history = new History(join(mkdtempSync(join(tmpdir(), 'wp-history-')), 'chat'), 50, unbounded);
    expect(history.recent()).toEqual([]);
    history.close();
  });

  it('rotates history.log at its size limit, keeping one older file, and replays across the two', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wp-history-'));
    const maxBytes = 10_000;
    const history = new History(dir, 50, maxBytes);
    const written: string[] = [];
    for (let batch = 0; batch < 40; batch += 1) {
      const lines = Array.from({ length: 10 }, (_, index) => `batch ${batch} line ${index} ${'y'.repeat(80)}`);
      await history.append(lines);
      written.push(...lines);
      // Never past the limit by more than the batch that started the file.
      expect(statSync(join(dir, 'history.log')).size).toBeLessThanOrEqual(maxBytes);
    }
    history.close();
    // 40 batches of ~1 KB went in: only the newest two files' worth is kept.
    const current = readFileSync(join(dir, 'history.log'), 'utf8').split('\n').filter(Boolean);
    const previous = readFileSync(join(dir, 'history.log.1'), 'utf8').split('\n').filter(Boolean);
    expect(statSync(join(dir, 'history.log.1')).size).toBeLessThanOrEqual(maxBytes);
    expect([...previous, ...current]).toEqual(written.slice(-(previous.length + current.length)));
    expect(previous.length + current.length).toBeLessThan(written.length);

    // Just after a rotation history.log is short: the replay takes the rest from history.log.1.
    const rotated = new History(dir, 50, maxBytes);
    await rotated.append(Array.from({ length: 200 }, (_, index) => `filler ${index} ${'z'.repeat(40)}`));
    await rotated.append(['first of a new file']);
    rotated.close();
    expect(readFileSync(join(dir, 'history.log'), 'utf8')).toBe('first of a new file\n');
    const reopened = new History(dir, 50, maxBytes);
    expect(reopened.recent()).toHaveLength(50);
    expect(reopened.recent().at(-1)).toBe('first of a new file');
    expect(reopened.recent().at(-2)).toBe(`filler 199 ${'z'.repeat(40)}`);
    reopened.close();
  });
});
