import type { MovePlan, PlanStep } from '@wolfpack/contracts';
import type { ClusterState } from '../model/cluster-state.ts';
import { offlineWaves, onlineWaves } from '../model/dependencies.ts';
import { groupOwner, groupResources, resourceOwner, resourceState } from '../model/derived.ts';
import { onlineTargets } from './group-reconcile.ts';

/**
 * What moving a group to `toNode` would do, step by step: take offline (dependents first)
 * what is not Offline or Failed on the node that holds it, then bring online on `toNode`
 * (providers first) what is meant to be Online. Steps of one wave run in parallel; empty
 * waves are skipped, so wave numbers count up from 0 without gaps. Moving a group to the
 * node it is on plans nothing.
 */
export function planMove(state: ClusterState, group: string, toNode: string): MovePlan {
  const fromNode = groupOwner(state, group);
  const steps: PlanStep[] = [];
  if (fromNode === toNode) return { group, fromNode, toNode, steps };
  const resources = groupResources(state, group);
  let wave = 0;
  for (const names of offlineWaves(resources)) {
    const offline = names.filter((name) => {
      const current = resourceState(state, name);
      return current !== 'Offline' && current !== 'Failed';
    });
    for (const name of offline)
      steps.push({ resource: name, action: 'offline', node: resourceOwner(state, name) ?? fromNode ?? toNode, wave });
    if (offline.length > 0) wave++;
  }
  const targets = onlineTargets(resources, true);
  for (const names of onlineWaves(resources)) {
    const online = names.filter((name) => targets.has(name));
    for (const name of online) steps.push({ resource: name, action: 'online', node: toNode, wave });
    if (online.length > 0) wave++;
  }
  return { group, fromNode, toNode, steps };
}
