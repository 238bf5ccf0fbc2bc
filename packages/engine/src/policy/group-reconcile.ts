import type { ResourceConfig, ResourceState } from '@wolfpack/contracts';
import { byName, dependentsOf, onlineWaves, providersOf } from '../model/dependencies.ts';

/*
 * A node agent's step for one group, level-based: from what is configured and what it
 * observes now, which resources to start bringing online and which to start taking
 * offline. Called again after every change, it walks a group up in dependency order
 * (independent branches in parallel) and down in reverse.
 */

export interface GroupStepInput {
  resources: ResourceConfig[];
  /** Observed states on this node; a resource missing here counts as Offline. */
  observed: Map<string, ResourceState>;
  /** Whether the group is placed on this node (at the agent's epoch). */
  ownedHere: boolean;
}

export interface GroupStep {
  bringOnline: string[];
  takeOffline: string[];
}

/**
 * The resources whose target is Online: the group is owned here, the resource's
 * persistentState is Online, and every provider's target is Online too.
 */
export function onlineTargets(resources: ResourceConfig[], ownedHere: boolean): Set<string> {
  const targets = new Set<string>();
  if (!ownedHere) return targets;
  const byResource = new Map(resources.map((resource) => [resource.name, resource]));
  for (const wave of onlineWaves(resources)) {
    for (const name of wave) {
      const providers = providersOf(resources, name);
      if (byResource.get(name)!.persistentState === 'Online' && providers.every((provider) => targets.has(provider)))
        targets.add(name);
    }
  }
  return targets;
}

/**
 * What to start now. Bring online: target Online, observed Offline, every provider
 * observed Online. Take offline: observed Online, and either its target is Offline or a
 * provider is no longer Online, once every dependent is Offline or Failed. Pending
 * resources are left to finish; Failed ones are left to the restart policy.
 */
export function planGroupStep(input: GroupStepInput): GroupStep {
  const { resources, observed, ownedHere } = input;
  const targets = onlineTargets(resources, ownedHere);
  const stateOf = (name: string): ResourceState => observed.get(name) ?? 'Offline';
  const isOnline = (name: string) => stateOf(name) === 'Online';
  const bringOnline: string[] = [];
  const takeOffline: string[] = [];
  for (const { name } of resources) {
    const providers = providersOf(resources, name);
    const current = stateOf(name);
    if (current === 'Offline' && targets.has(name) && providers.every(isOnline)) bringOnline.push(name);
    if (current === 'Online' && (!targets.has(name) || !providers.every(isOnline))) {
      const dependentsDown = dependentsOf(resources, name).every((dependent) => {
        const state = stateOf(dependent);
        return state === 'Offline' || state === 'Failed';
      });
      if (dependentsDown) takeOffline.push(name);
    }
  }
  return { bringOnline: bringOnline.sort(byName), takeOffline: takeOffline.sort(byName) };
}
