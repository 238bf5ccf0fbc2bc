import { CommandError, keys, type MovePlan, type MoveRequest } from '@wolfpack/contracts';
import { planMove } from '../policy/move-plan.ts';
import { canHost, refusalReasons, selectOwner } from '../policy/placement.ts';
import type { CommandContext } from './context.ts';
import { conflict, type CommandHandler } from './outcome.ts';

/*
 * Move Group: the command checks that the target may take the group and records a move
 * request; the failover manager performs the move (offline here, placement, online there).
 */

export interface MoveTarget {
  fromNode: string | null;
  toNode: string;
}

/**
 * Where a move of the group would go: the given node if it may take the group (or
 * already has it), else the best node other than the current owner. Refuses with the
 * reason otherwise.
 */
export function resolveMoveTarget(context: CommandContext, group: string, node?: string): MoveTarget {
  context.group(group);
  context.allNodes();
  // Other groups' placements only steer the load-based choice; a stale count is harmless
  // (the manager decides again), so they are not guarded.
  // The placement, not a previous owner still letting go: that is what a move changes.
  const fromNode = context.state.placements.get(group)?.node ?? null;
  if (node !== undefined) {
    if (!context.state.nodes.has(node))
      throw new CommandError('not-found', `node ${node} does not exist`, [
        { path: 'node', message: `node ${node} does not exist` },
      ]);
    if (node === fromNode) return { fromNode, toNode: node };
    const check = canHost(context.state, group, node);
    if (!check.ok) throw conflict(`group ${group} cannot move to node ${node}: ${check.reason}`);
    return { fromNode, toNode: node };
  }
  const exclude = fromNode ? [fromNode] : [];
  const toNode = selectOwner(context.state, group, { exclude });
  if (toNode === undefined)
    throw conflict(`no other node can host ${group}: ${refusalReasons(context.state, group, exclude)}`);
  return { fromNode, toNode };
}

export const moveGroup: CommandHandler<'move-group'> = (context, command) => {
  const { fromNode, toNode } = resolveMoveTarget(context, command.name, command.node);
  const object = { kind: 'group' as const, name: command.name };
  if (fromNode === toNode) {
    return {
      object,
      message: `group ${command.name} is already on node ${toNode}`,
      group: command.name,
      targetNode: toNode,
      noop: true,
    };
  }
  const request: MoveRequest = { group: command.name, node: toNode, requestedBy: context.actor, at: context.now };
  context.put(keys.moveRequest(command.name), request);
  const from = fromNode ? ` from node ${fromNode}` : '';
  return {
    object,
    message: `requested move of group ${command.name}${from} to node ${toNode}`,
    group: command.name,
    targetNode: toNode,
  };
};

/** The steps a move would take (a dry run: nothing is written). */
export function planMoveIn(context: CommandContext, group: string, node?: string): MovePlan {
  const { toNode } = resolveMoveTarget(context, group, node);
  return planMove(context.state, group, toNode);
}
