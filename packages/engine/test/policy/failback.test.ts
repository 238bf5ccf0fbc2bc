import type { GroupPolicy, Placement } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { failbackTarget, inFailbackWindow } from '../../src/policy/failback.ts';
import { cluster, defaultPolicy } from '../model/cluster-builder.ts';

/** A time at `hour`:`minute` on a fixed day (vitest runs with TZ=UTC, so local hours are UTC hours). */
const at = (hour: number, minute = 0) => Date.UTC(2024, 5, 1, hour, minute);
const windowed = (startHour: number, endHour: number): GroupPolicy => ({
  ...defaultPolicy,
  failbackWindow: { startHour, endHour },
});

describe('inFailbackWindow', () => {
  it('runs with local time = UTC', () => {
    expect(new Date(at(5)).getHours()).toBe(5);
  });

  it('no window: always', () => {
    for (let hour = 0; hour < 24; hour++) expect(inFailbackWindow(defaultPolicy, at(hour))).toBe(true);
  });

  it('start == end: the whole day', () => {
    for (let hour = 0; hour < 24; hour++) expect(inFailbackWindow(windowed(7, 7), at(hour, 30))).toBe(true);
  });

  it.each([
    // [start, end, hour:minute, inside]
    [1, 5, 0, 59, false],
    [1, 5, 1, 0, true],
    [1, 5, 4, 59, true],
    [1, 5, 5, 0, false],
    [22, 6, 21, 59, false],
    [22, 6, 22, 0, true],
    [22, 6, 23, 59, true],
    [22, 6, 0, 0, true],
    [22, 6, 5, 59, true],
    [22, 6, 6, 0, false],
    [22, 6, 12, 0, false],
    [23, 0, 23, 30, true],
    [23, 0, 0, 0, false],
    [0, 23, 22, 59, true],
    [0, 23, 23, 0, false],
  ])('window %i→%i at %i:%i: %s', (start, end, hour, minute, inside) => {
    expect(inFailbackWindow(windowed(start, end), at(hour, minute))).toBe(inside);
  });
});

describe('failbackTarget', () => {
  const base = (policy: Partial<GroupPolicy> = {}, reason: Placement['reason'] = 'node-down', node = 'B') =>
    cluster()
      .nodes('A', 'B', 'C')
      .group('G', { preferredOwners: ['A', 'B'], autoFailback: 'Allow', ...policy })
      .resource('R', 'G')
      .place('G', node, 5, reason);

  it('fails back to the more preferred owner once it is Up and the group is Online', () => {
    expect(failbackTarget(base().groupStatus('G', 'Online').build(), 'G', at(12))).toBe('A');
  });

  it.each(['initial', 'node-down', 'failback'] as const)(
    'fails back after a placement made for reason %s',
    (reason) => {
      expect(failbackTarget(base({}, reason).groupStatus('G', 'Online').build(), 'G', at(12))).toBe('A');
    },
  );

  it.each(['move', 'failover'] as const)('leaves a group placed by %s where it is', (reason) => {
    expect(failbackTarget(base({}, reason).groupStatus('G', 'Online').build(), 'G', at(12))).toBeUndefined();
  });

  it('Prevent: never', () => {
    expect(
      failbackTarget(base({ autoFailback: 'Prevent' }).groupStatus('G', 'Online').build(), 'G', at(12)),
    ).toBeUndefined();
  });

  it.each(['Offline', 'OnlinePending', 'Failed', 'OfflinePending'] as const)(
    'a group that is not Online (%s) stays',
    (observed) => {
      expect(failbackTarget(base().groupStatus('G', observed).build(), 'G', at(12))).toBeUndefined();
    },
  );

  it('only inside the window', () => {
    const state = base({ failbackWindow: { startHour: 22, endHour: 6 } })
      .groupStatus('G', 'Online')
      .build();
    expect(failbackTarget(state, 'G', at(12))).toBeUndefined();
    expect(failbackTarget(state, 'G', at(23))).toBe('A');
    expect(failbackTarget(state, 'G', at(2))).toBe('A');
  });

  it('not to a preferred owner that is Down, Paused or Joining, nor one that is not a possible owner', () => {
    for (const nodeState of ['Down', 'Paused', 'Joining'] as const) {
      const state = base().node('A', { state: nodeState }).groupStatus('G', 'Online').build();
      expect(failbackTarget(state, 'G', at(12))).toBeUndefined();
    }
    const restricted = base()
      .resource('R', 'G', { possibleOwners: ['B', 'C'] })
      .groupStatus('G', 'Online')
      .build();
    expect(failbackTarget(restricted, 'G', at(12))).toBeUndefined();
  });

  it('not when already on the most preferred owner', () => {
    expect(failbackTarget(base({}, 'initial', 'A').groupStatus('G', 'Online').build(), 'G', at(12))).toBeUndefined();
  });

  it('from a node outside the preferred list to the first preferred that can host', () => {
    const state = base({}, 'node-down', 'C').node('A', { state: 'Down' }).groupStatus('G', 'Online').build();
    expect(failbackTarget(state, 'G', at(12))).toBe('B');
  });

  it('never to a node ranked below the current one', () => {
    const state = base({ preferredOwners: ['B', 'A'] })
      .groupStatus('G', 'Online')
      .build();
    expect(failbackTarget(state, 'G', at(12))).toBeUndefined();
  });

  it('unknown or unplaced group: none', () => {
    const state = cluster()
      .nodes('A')
      .group('G', { autoFailback: 'Allow', preferredOwners: ['A'] })
      .build();
    expect(failbackTarget(state, 'G', at(12))).toBeUndefined();
    expect(failbackTarget(state, 'NOPE', at(12))).toBeUndefined();
  });
});
