/*
 * The dependency graph of the resources inside one group. An edge goes from a resource
 * to each of its providers (the names in its `dependencies`). Names that are not in the
 * given list (a resource of another group, a deleted one) are ignored: the graph is the
 * group's own. Every result is in a deterministic order (names compared by code point).
 */

/** What the graph needs of a resource: ResourceConfig fits. */
export interface DependencyNode {
  name: string;
  dependencies: string[];
}

export interface RelationOptions {
  /** Follow edges all the way (providers of providers …); default: direct only. */
  transitive?: boolean;
}

/** Code-point order, independent of the process locale. */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Graph {
  names: string[];
  providers: Map<string, string[]>;
  dependents: Map<string, string[]>;
}

function buildGraph(resources: readonly DependencyNode[]): Graph {
  const names = [...new Set(resources.map((resource) => resource.name))].sort(byName);
  const known = new Set(names);
  const providers = new Map<string, string[]>(names.map((name) => [name, []]));
  const dependents = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const resource of resources) {
    for (const provider of resource.dependencies) {
      if (!known.has(provider)) continue;
      const list = providers.get(resource.name)!;
      if (!list.includes(provider)) {
        list.push(provider);
        dependents.get(provider)!.push(resource.name);
      }
    }
  }
  for (const list of providers.values()) list.sort(byName);
  for (const list of dependents.values()) list.sort(byName);
  return { names, providers, dependents };
}

/**
 * A dependency cycle as a path of names, the first name repeated at the end
 * (`['A', 'B', 'A']`: A depends on B, B depends on A), or undefined when there is none.
 */
export function findCycle(resources: readonly DependencyNode[]): string[] | undefined {
  const { names, providers } = buildGraph(resources);
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];

  const visit = (name: string): string[] | undefined => {
    const start = onPath.get(name);
    if (start !== undefined) return [...path.slice(start), name];
    if (done.has(name)) return undefined;
    onPath.set(name, path.length);
    path.push(name);
    for (const provider of providers.get(name) ?? []) {
      const cycle = visit(provider);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(name);
    done.add(name);
    return undefined;
  };

  for (const name of names) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

function assertAcyclic(resources: readonly DependencyNode[]): void {
  const cycle = findCycle(resources);
  if (cycle) throw new Error(`resource dependencies form a cycle: ${cycle.join(' → ')}`);
}

/**
 * Layers a DAG: a name's layer is one past the deepest layer among the names it waits
 * for (`before`), so each layer holds everything that can run as soon as the earlier
 * layers are done.
 */
function layers(names: string[], before: Map<string, string[]>): string[][] {
  const layerOf = new Map<string, number>();
  const depth = (name: string): number => {
    const known = layerOf.get(name);
    if (known !== undefined) return known;
    let layer = 0;
    for (const other of before.get(name) ?? []) layer = Math.max(layer, depth(other) + 1);
    layerOf.set(name, layer);
    return layer;
  };
  const result: string[][] = [];
  for (const name of names) {
    const layer = depth(name);
    while (result.length <= layer) result.push([]);
    result[layer]!.push(name);
  }
  for (const wave of result) wave.sort(byName);
  return result;
}

/**
 * Bring-online order: providers first. Every member of a wave has all its providers in
 * earlier waves, so a wave's members can go online in parallel. Throws on a cycle.
 */
export function onlineWaves(resources: readonly DependencyNode[]): string[][] {
  assertAcyclic(resources);
  const { names, providers } = buildGraph(resources);
  return layers(names, providers);
}

/**
 * Take-offline order: dependents first. Every member of a wave has all its dependents in
 * earlier waves, so a wave's members can go offline in parallel. Throws on a cycle.
 */
export function offlineWaves(resources: readonly DependencyNode[]): string[][] {
  assertAcyclic(resources);
  const { names, dependents } = buildGraph(resources);
  return layers(names, dependents);
}

function related(edges: Map<string, string[]>, name: string, transitive: boolean): string[] {
  const direct = edges.get(name) ?? [];
  if (!transitive) return [...direct];
  const seen = new Set<string>();
  const queue = [...direct];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    queue.push(...(edges.get(next) ?? []));
  }
  return [...seen].sort(byName);
}

/** The resources `name` depends on (its providers), sorted by name. */
export function providersOf(
  resources: readonly DependencyNode[],
  name: string,
  options: RelationOptions = {},
): string[] {
  return related(buildGraph(resources).providers, name, options.transitive ?? false);
}

/** The resources that depend on `name` (its dependents), sorted by name. */
export function dependentsOf(
  resources: readonly DependencyNode[],
  name: string,
  options: RelationOptions = {},
): string[] {
  return related(buildGraph(resources).dependents, name, options.transitive ?? false);
}
