import { describe, expect, it } from 'vitest';
import { mergeEvents } from '../../src/live/event-log.ts';
import { event } from '../fixtures.ts';

describe('mergeEvents', () => {
  it('merges history and live lines once each, ordered by revision', () => {
    const live = [event(12, 'b'), event(13, 'c')];
    const history = [event(11, 'a'), event(12, 'b')];
    expect(mergeEvents(mergeEvents(undefined, live), history).map((e) => e.message)).toEqual(['a', 'b', 'c']);
  });

  it('keeps two different lines written in one transaction (same revision)', () => {
    const log = mergeEvents(
      [],
      [
        event(5, 'move SOCKET_GROUP', { kind: 'command' }),
        event(5, 'SOCKET_GROUP placed on OSDB_BACK', { kind: 'placement' }),
      ],
    );
    expect(log).toHaveLength(2);
  });

  it('returns the same array when nothing is new, so readers do not re-render', () => {
    const log = mergeEvents([], [event(1, 'a')]);
    expect(mergeEvents(log, [event(1, 'a')])).toBe(log);
    expect(mergeEvents(log, [])).toBe(log);
  });

  it('keeps only the newest lines past its capacity', () => {
    const many = Array.from({ length: 30 }, (_, i) => event(i + 1, `line ${i + 1}`));
    const log = mergeEvents([], many, 10);
    expect(log).toHaveLength(10);
    expect(log[0]?.message).toBe('line 21');
    expect(log[9]?.message).toBe('line 30');
  });
});
