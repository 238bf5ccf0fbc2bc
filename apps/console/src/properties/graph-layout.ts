import { compareNames } from '../lists/compare.ts';

/** A resource as the graph needs it. */
export interface GraphResource {
  name: string;
  state: string;
  dependencies: readonly string[];
}

export interface GraphBox {
  name: string;
  state: string;
  x: number;
  y: number;
  /** 0: depends on nothing in the group (a provider at the bottom). */
  layer: number;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface GraphLayout {
  boxes: GraphBox[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export const boxWidth = 148;
export const boxHeight = 30;
const columnGap = 20;
const rowGap = 34;
const margin = 8;

/**
 * Layers a group's dependency graph: providers at the bottom, each dependent one layer
 * above its highest provider, so every arrow points down. Dependencies outside the given
 * resources are left out; a cycle (the server refuses them) cannot loop forever.
 */
export function layoutDependencies(resources: readonly GraphResource[]): GraphLayout {
  const byName = new Map(resources.map((resource) => [resource.name, resource]));
  const layers = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (name: string): number => {
    const known = layers.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const providers = (byName.get(name)?.dependencies ?? []).filter((provider) => byName.has(provider));
    const layer = providers.length === 0 ? 0 : 1 + Math.max(...providers.map(layerOf));
    visiting.delete(name);
    layers.set(name, layer);
    return layer;
  };
  for (const resource of resources) layerOf(resource.name);
  const top = Math.max(0, ...layers.values());
  const rows: string[][] = Array.from({ length: top + 1 }, () => []);
  for (const [name, layer] of layers) rows[top - layer]!.push(name);
  for (const row of rows) row.sort(compareNames);
  const widest = Math.max(1, ...rows.map((row) => row.length));
  const width = margin * 2 + widest * boxWidth + (widest - 1) * columnGap;
  const boxes: GraphBox[] = [];
  rows.forEach((row, rowIndex) => {
    const rowWidth = row.length * boxWidth + (row.length - 1) * columnGap;
    const start = (width - rowWidth) / 2;
    row.forEach((name, column) => {
      boxes.push({
        name,
        state: byName.get(name)!.state,
        x: start + column * (boxWidth + columnGap),
        y: margin + rowIndex * (boxHeight + rowGap),
        layer: layers.get(name)!,
      });
    });
  });
  const edges: GraphEdge[] = [];
  for (const resource of resources) {
    for (const provider of resource.dependencies)
      if (byName.has(provider)) edges.push({ from: resource.name, to: provider });
  }
  return { boxes, edges, width, height: margin * 2 + rows.length * boxHeight + (rows.length - 1) * rowGap };
}

/** The graph in words, for its accessible name: "SOCKET_SERVER depends on SOCKET_IP, SOCKET_DISK. SOCKET_IP depends on nothing." */
export function describeDependencies(resources: readonly GraphResource[]): string {
  return [...resources]
    .sort((a, b) => compareNames(a.name, b.name))
    .map(
      (resource) =>
        `${resource.name} depends on ${resource.dependencies.length > 0 ? resource.dependencies.join(', ') : 'nothing'}`,
    )
    .join('. ');
}
