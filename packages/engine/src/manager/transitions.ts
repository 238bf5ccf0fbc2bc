import type { ClusterEvent } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { groupOwner, groupState, nodeState } from '../model/derived.ts';

/** Last logged state of each node and group, keyed `node:NAME` / `group:NAME`. */
export type LoggedStates = Map<string, string>;

/**
 * Node and group states are derived, so nobody writes their transitions: the manager
 * compares what it last logged with the state now and logs the differences. Pure; the
 * first call (empty `logged`) only takes a baseline.
 */
export function derivedTransitions(
  state: ClusterState,
  logged: LoggedStates,
  now: number,
): { events: ClusterEvent[]; logged: LoggedStates } {
  const next: LoggedStates = new Map();
  const events: ClusterEvent[] = [];
  const baseline = logged.size === 0;
  for (const node of state.nodes.keys()) {
    const to = nodeState(state, node);
    const from = logged.get(`node:${node}`);
    next.set(`node:${node}`, to);
    if (!baseline && from !== to) {
      events.push({
        time: now,
        kind: 'node',
        object: { kind: 'node', name: node },
        from: from ?? 'Down',
        to,
        message: `node ${node} is ${to}`,
      });
    }
  }
  for (const group of state.groups.keys()) {
    const to = groupState(state, group);
    const from = logged.get(`group:${group}`);
    next.set(`group:${group}`, to);
    if (!baseline && from !== undefined && from !== to) {
      const owner = groupOwner(state, group);
      const event: ClusterEvent = {
        time: now,
        kind: 'state',
        object: { kind: 'group', name: group },
        from,
        to,
        message: `group ${group} is ${to}${owner ? ` on ${owner}` : ''}`,
      };
      if (owner) event.node = owner;
      events.push(event);
    }
  }
  return { events, logged: next };
}
