import type { ResourceState } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster-state.ts';
import { planNodeStep, type LocalResourceView, type NodeAction, type NodeView } from '../../src/policy/node-step.ts';
import { cluster } from '../model/cluster-builder.ts';

const now = Date.UTC(2024, 5, 1, 12);

/** Node A, its lease valid a while yet, already Up, running `resources`. */
function nodeA(
  resources: Record<string, Partial<LocalResourceView> & { state: ResourceState }> = {},
  view: Partial<NodeView> = {},
): NodeView {
  const running = new Map<string, LocalResourceView>();
  for (const [name, resource] of Object.entries(resources))
    running.set(name, { busy: false, since: now - 60_000, epoch: 7, restartAfter: 0, ...resource });
  return {
    node: 'A',
    validUntil: now + 500,
    leaving: false,
    markedUp: true,
    resources: running,
    handledFailureRequests: new Set(),
    ...view,
  };
}

/** Group G of R1 ← R2 (R2 depends on R1), placed on A at epoch 7. */
const groupOnA = () =>
  cluster()
    .nodes('A', 'B')
    .group('G')
    .resource('R1', 'G')
    .resource('R2', 'G', { dependencies: ['R1'] })
    .place('G', 'A', 7);

const without = (actions: NodeAction[], type: NodeAction['type']) => actions.filter((action) => action.type !== type);

describe('rule 1: the lease', () => {
  it('brings the group online while the lease is valid', () => {
    expect(planNodeStep(groupOnA().build(), nodeA(), now)).toEqual([
      { type: 'bring-online', resource: 'R1', group: 'G', epoch: 7 },
    ]);
  });

  it('acts on nothing once the lease ran out, and takes what runs offline', () => {
    const state = groupOnA().build();
    expect(planNodeStep(state, nodeA({}, { validUntil: now }), now)).toEqual([]);
    expect(planNodeStep(state, nodeA({ R1: { state: 'Online' } }, { validUntil: now }), now)).toEqual([
      { type: 'take-offline', resource: 'R1' },
    ]);
  });

  it('takes a group offline top-down when leaving, or when it is placed elsewhere', () => {
    const running = { R1: { state: 'Online' as const }, R2: { state: 'Online' as const } };
    expect(planNodeStep(groupOnA().build(), nodeA(running, { leaving: true }), now)).toEqual([
      { type: 'take-offline', resource: 'R2' },
    ]);
    expect(planNodeStep(groupOnA().place('G', 'B', 8).build(), nodeA(running), now)).toEqual([
      { type: 'take-offline', resource: 'R2' },
    ]);
  });
});

describe('rule 2: failure requests', () => {
  const requested = (state: ClusterState) => {
    state.failureRequests.set('R1', { resource: 'R1', requestedBy: 'olivia', at: 5 });
    return state;
  };

  it('fails an online resource once per request, leaving it alone for the rest of the step', () => {
    const actions = planNodeStep(requested(groupOnA().build()), nodeA({ R1: { state: 'Online' } }), now);
    // Still Online until its failure is handled: R2 may start meanwhile (taken offline again once R1 is Failed).
    expect(actions).toEqual([
      { type: 'fail-on-request', resource: 'R1', request: 'R1@5', requestedBy: 'olivia' },
      { type: 'bring-online', resource: 'R2', group: 'G', epoch: 7 },
    ]);
    expect(
      planNodeStep(
        requested(groupOnA().build()),
        nodeA({ R1: { state: 'Online' } }, { handledFailureRequests: new Set(['R1@5']) }),
        now,
      ),
    ).toEqual([
      { type: 'bring-online', resource: 'R2', group: 'G', epoch: 7 },
      { type: 'apply-properties', resource: 'R1' },
    ]);
  });

  it('leaves a request for a resource not online here', () => {
    expect(planNodeStep(requested(groupOnA().build()), nodeA({ R1: { state: 'Failed' } }), now)).toEqual([]);
    expect(without(planNodeStep(requested(groupOnA().build()), nodeA(), now), 'bring-online')).toEqual([]);
  });
});

describe('rule 3: resources no longer configured', () => {
  it('forgets them once they are not busy', () => {
    const state = groupOnA().build();
    expect(planNodeStep(state, nodeA({ Gone: { state: 'Offline' } }), now)).toContainEqual({
      type: 'forget',
      resource: 'Gone',
    });
    expect(planNodeStep(state, nodeA({ Gone: { state: 'OfflinePending', busy: true } }), now)).not.toContainEqual({
      type: 'forget',
      resource: 'Gone',
    });
  });
});

describe('rule 4: failed resources', () => {
  const failed = (resource: Partial<LocalResourceView> = {}) =>
    nodeA({ R1: { state: 'Failed', since: now - 1000, ...resource } });

  it('clears the failure when the resource is taken offline', () => {
    const state = cluster()
      .nodes('A')
      .group('G')
      .resource('R1', 'G', { persistentState: 'Offline' })
      .place('G', 'A', 7)
      .build();
    expect(planNodeStep(state, failed(), now)).toEqual([
      { type: 'reset', resource: 'R1', reason: 'taken offline', clearFailures: true },
    ]);
  });

  it('retries when an administrator brought it online since it failed, even on a group owned elsewhere', () => {
    const state = groupOnA().place('G', 'B', 8).build();
    state.resources.get('R1')!.resetAt = now - 500;
    expect(planNodeStep(state, failed(), now)).toEqual([
      { type: 'reset', resource: 'R1', reason: 'brought online by an administrator', clearFailures: true },
    ]);
    state.resources.get('R1')!.resetAt = now - 2000;
    expect(planNodeStep(state, failed(), now)).toEqual([]);
  });

  it('retries when the group is placed here again, then brings it online in the same step', () => {
    const state = groupOnA().place('G', 'A', 9).build();
    expect(planNodeStep(state, failed(), now)).toEqual([
      { type: 'reset', resource: 'R1', reason: 'placed on A again', clearFailures: true },
      { type: 'bring-online', resource: 'R1', group: 'G', epoch: 9 },
    ]);
  });

  it('restarts when the restart is due, keeping the failure count; not before, and not on a group owned elsewhere', () => {
    const state = groupOnA().build();
    expect(planNodeStep(state, failed({ restartAfter: now }), now)).toEqual([
      { type: 'reset', resource: 'R1', reason: 'restarting after failure', clearFailures: false },
      { type: 'bring-online', resource: 'R1', group: 'G', epoch: 7 },
    ]);
    expect(planNodeStep(state, failed({ restartAfter: now + 1 }), now)).toEqual([]);
    expect(planNodeStep(groupOnA().place('G', 'B', 7).build(), failed({ restartAfter: now }), now)).toEqual([]);
  });

  it('leaves a failed resource alone while it is busy', () => {
    expect(planNodeStep(groupOnA().build(), failed({ restartAfter: now, busy: true }), now)).toEqual([]);
  });
});

describe('rule 5: the group step', () => {
  it('brings a group online bottom-up, one wave at a time, and leaves pending resources to finish', () => {
    const state = groupOnA().build();
    expect(planNodeStep(state, nodeA({ R1: { state: 'Online' } }), now)).toEqual([
      { type: 'bring-online', resource: 'R2', group: 'G', epoch: 7 },
      { type: 'apply-properties', resource: 'R1' },
    ]);
    expect(planNodeStep(state, nodeA({ R1: { state: 'OnlinePending', busy: true } }), now)).toEqual([]);
  });
});

describe('rule 6: held elsewhere', () => {
  it('brings nothing online while another node still holds part of the group', () => {
    for (const held of ['OnlinePending', 'Online', 'OfflinePending'] as const) {
      expect(planNodeStep(groupOnA().status('R2', { node: 'B', state: held }).build(), nodeA(), now)).toEqual([]);
    }
    expect(planNodeStep(groupOnA().status('R2', { node: 'B', state: 'Failed' }).build(), nodeA(), now)).toEqual([
      { type: 'bring-online', resource: 'R1', group: 'G', epoch: 7 },
    ]);
  });
});

describe('rule 7: possible owners', () => {
  it('never starts a resource whose possible owners leave this node out', () => {
    const state = cluster()
      .nodes('A', 'B')
      .group('G')
      .resource('R1', 'G', { possibleOwners: ['B'] })
      .resource('R3', 'G')
      .place('G', 'A', 7)
      .build();
    expect(planNodeStep(state, nodeA(), now)).toEqual([{ type: 'bring-online', resource: 'R3', group: 'G', epoch: 7 }]);
  });
});

describe('rule 8: live properties', () => {
  it('applies properties to the online, idle resources of a group owned here only', () => {
    const state = cluster().nodes('A').group('G').resource('R1', 'G').resource('R3', 'G').place('G', 'A', 7).build();
    expect(planNodeStep(state, nodeA({ R1: { state: 'Online' }, R3: { state: 'Online', busy: true } }), now)).toEqual([
      { type: 'apply-properties', resource: 'R1' },
    ]);
  });
});

describe('rule 9: Up', () => {
  it('marks the node Up on its first step with a valid lease', () => {
    const state = cluster().nodes('A').build();
    expect(planNodeStep(state, nodeA({}, { markedUp: false }), now)).toEqual([{ type: 'mark-up' }]);
    expect(planNodeStep(state, nodeA({}, { markedUp: false, validUntil: 0 }), now)).toEqual([]);
  });
});
