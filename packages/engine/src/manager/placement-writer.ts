import { keys, type ClusterEvent, type GroupHistory, type Placement } from '@wolfpack/contracts';
import { eventPutOp } from '../events/index.ts';
import type { StateFollower } from '../follow/state-follower.ts';
import type { ManagerAction } from '../policy/index.ts';
import type { Compare, TxnOp } from '@wolfpack/store';

/** One store transaction carrying a group's decided actions. */
export interface GroupWrite {
  group: string;
  compare: Compare[];
  success: TxnOp[];
}

/**
 * Turn the policy's actions into transactions, one per group (small enough for etcd's
 * per-transaction limits). Each guards the keys it replaces with their last-seen
 * revision, and the whole write with the manager's election key (its create revision), so a deposed or
 * lagging manager's decisions are refused by the store rather than applied.
 */
export function writesForActions(
  actions: ManagerAction[],
  follower: StateFollower,
  leaderGuard: Compare,
  now: number,
): GroupWrite[] {
  const byGroup = new Map<string, GroupWrite>();
  const writeFor = (group: string): GroupWrite => {
    let write = byGroup.get(group);
    if (!write) {
      write = { group, compare: [leaderGuard], success: [] };
      byGroup.set(group, write);
    }
    return write;
  };
  const guard = (write: GroupWrite, key: string) => {
    if (write.compare.some((c) => c.key === key)) return;
    const revision = follower.modRevision(key);
    write.compare.push(
      revision === 0
        ? { key, target: 'exists', value: false }
        : { key, target: 'modRevision', op: '=', value: revision },
    );
  };

  for (const action of actions) {
    if (action.type === 'event') {
      const group = action.event.object.kind === 'group' ? action.event.object.name : '';
      writeFor(group).success.push(eventPutOp(action.event));
      continue;
    }
    const write = writeFor(action.group);
    if (action.type === 'place') {
      const key = keys.placement(action.group);
      guard(write, key);
      const placement: Placement = {
        group: action.group,
        node: action.node,
        epoch: action.epoch,
        reason: action.reason,
        at: now,
      };
      write.success.push({ op: 'put', key, value: JSON.stringify(placement) });
    } else if (action.type === 'clear-move-request') {
      const key = keys.moveRequest(action.group);
      guard(write, key);
      write.success.push({ op: 'delete', key });
      if (action.refusedReason) write.success.push(eventPutOp(refusalEvent(action.group, action.refusedReason, now)));
    } else if (action.type === 'record-failovers') {
      const key = keys.groupHistory(action.group);
      guard(write, key);
      const history: GroupHistory = { group: action.group, failovers: action.failovers };
      if (action.failedOn) history.failedOn = action.failedOn;
      write.success.push({ op: 'put', key, value: JSON.stringify(history) });
    }
  }
  return [...byGroup.values()].filter((write) => write.success.length > 0);
}

function refusalEvent(group: string, reason: string, now: number): ClusterEvent {
  return {
    time: now,
    kind: 'placement',
    object: { kind: 'group', name: group },
    message: `Move of ${group} refused: ${reason}`,
    reason,
    result: 'refused',
  };
}
