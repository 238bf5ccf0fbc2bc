import type { ClusterState } from '../../src/model/cluster-state.ts';
import type { ManagerAction } from '../../src/policy/placement-decision.ts';

/** The placement decision tests' time and readings of decide()'s actions. */
export const now = Date.UTC(2024, 5, 1, 12);

export const ofType = <T extends ManagerAction['type']>(actions: ManagerAction[], type: T) =>
  actions.filter((action): action is Extract<ManagerAction, { type: T }> => action.type === type);
export const places = (actions: ManagerAction[]) =>
  ofType(actions, 'place').map(({ group, node, reason }) => ({ group, node, reason }));
export const events = (actions: ManagerAction[]) => ofType(actions, 'event').map((action) => action.event);

/** What the manager's runner does with the actions, in one transaction: the next revision. */
export function apply(state: ClusterState, actions: ManagerAction[], at = now): ClusterState {
  const next: ClusterState = structuredClone(state);
  next.revision++;
  for (const action of actions) {
    if (action.type === 'place')
      next.placements.set(action.group, {
        group: action.group,
        node: action.node,
        epoch: action.epoch,
        reason: action.reason,
        at,
      });
    if (action.type === 'clear-move-request') next.moveRequests.delete(action.group);
    if (action.type === 'record-failovers') {
      next.groupHistories.set(action.group, {
        group: action.group,
        failovers: action.failovers,
        ...(action.failedOn ? { failedOn: action.failedOn } : {}),
      });
    }
  }
  return next;
}
