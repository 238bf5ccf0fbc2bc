import { describe, expect, it } from 'vitest';
import { derivedTransitions } from '../../src/manager/transitions.ts';
import { cluster } from '../model/cluster-builder.ts';

describe('derived state transitions for the event log', () => {
  const now = 1_000;
  const base = () => cluster(100).nodes('A', 'B').group('G').resource('R', 'G').place('G', 'A', 3);

  it('takes a baseline first and logs nothing', () => {
    expect(derivedTransitions(base().build(), new Map(), now).events).toEqual([]);
  });

  it('logs a node going Down and a group coming Online, with the owner', () => {
    const { logged } = derivedTransitions(base().build(), new Map(), now);
    const after = base().node('B', { state: 'Down' }).groupStatus('G', 'Online').build();
    const { events } = derivedTransitions(after, logged, now + 1);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'node', object: { kind: 'node', name: 'B' }, from: 'Up', to: 'Down' }),
      expect.objectContaining({
        kind: 'state',
        object: { kind: 'group', name: 'G' },
        from: 'Offline',
        to: 'Online',
        node: 'A',
        message: 'group G is Online on A',
      }),
    ]);
  });

  it('logs nothing when nothing changed', () => {
    const first = derivedTransitions(base().build(), new Map(), now);
    expect(derivedTransitions(base().build(), first.logged, now + 1).events).toEqual([]);
  });
});
