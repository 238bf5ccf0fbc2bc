import type { ClusterCache } from '../live/cluster-cache.ts';
import { selectionToHash, type Selection } from '../app/selection.ts';
import { byName, compareNames } from '../lists/compare.ts';

/** The icon a tree item shows: a folder, or an object with its state. */
export type TreeIcon =
  | { kind: 'cluster' | 'folder' | 'types' }
  | { kind: 'group' | 'resource' | 'node'; state: string };

/** One visible line of the tree, flat with its level (ARIA tree with aria-level). */
export interface TreeItem {
  id: string;
  level: number;
  label: string;
  /** Unique among the items, for screen readers and tests (e.g. "Active Groups on OSDB_SERV"). */
  accessibleName: string;
  selection: Selection;
  expandable: boolean;
  expanded: boolean;
  posInSet: number;
  setSize: number;
  parentId: string | undefined;
  icon: TreeIcon;
  /** A group dropped here moves to this node. */
  dropNode?: string;
  /** This item can be dragged onto a node (a group). */
  dragGroup?: string;
}

interface Branch {
  id: string;
  label: string;
  accessibleName?: string;
  selection: Selection;
  icon: TreeIcon;
  children: Branch[];
  dropNode?: string;
  dragGroup?: string;
}

const sortedByName = <T extends { name: string }>(values: Iterable<T>): T[] => [...values].sort(byName);

/** The whole tree of the cluster: Groups (with their resources), Resources, Cluster Configuration, Nodes. */
export function clusterBranches(cache: ClusterCache): Branch {
  const resourcesByGroup = new Map<string, string[]>();
  for (const resource of cache.resources.values()) {
    const list = resourcesByGroup.get(resource.group) ?? [];
    list.push(resource.name);
    resourcesByGroup.set(resource.group, list);
  }
  const groups: Branch[] = sortedByName(cache.groups.values()).map((group) => ({
    id: `group:${group.name}`,
    label: group.name,
    selection: { kind: 'group', name: group.name },
    icon: { kind: 'group', state: group.state },
    dragGroup: group.name,
    children: (resourcesByGroup.get(group.name) ?? []).sort(compareNames).map((name) => ({
      id: `resource:${name}`,
      label: name,
      selection: { kind: 'resource', name },
      icon: { kind: 'resource', state: cache.resources.get(name)?.state ?? 'Offline' },
      children: [],
    })),
  }));
  const nodes: Branch[] = sortedByName(cache.nodes.values()).map((node) => ({
    id: `node:${node.name}`,
    label: node.name,
    selection: { kind: 'node', name: node.name },
    icon: { kind: 'node', state: node.state },
    dropNode: node.name,
    children: [
      {
        id: `nodeGroups:${node.name}`,
        label: 'Active Groups',
        accessibleName: `Active Groups on ${node.name}`,
        selection: { kind: 'nodeGroups', name: node.name },
        icon: { kind: 'folder' },
        dropNode: node.name,
        children: [],
      },
      {
        id: `nodeResources:${node.name}`,
        label: 'Active Resources',
        accessibleName: `Active Resources on ${node.name}`,
        selection: { kind: 'nodeResources', name: node.name },
        icon: { kind: 'folder' },
        children: [],
      },
    ],
  }));
  return {
    id: 'cluster',
    label: cache.name,
    accessibleName: `Cluster ${cache.name}`,
    selection: { kind: 'cluster' },
    icon: { kind: 'cluster' },
    children: [
      { id: 'groups', label: 'Groups', selection: { kind: 'groups' }, icon: { kind: 'folder' }, children: groups },
      { id: 'resources', label: 'Resources', selection: { kind: 'resources' }, icon: { kind: 'folder' }, children: [] },
      {
        id: 'configuration',
        label: 'Cluster Configuration',
        selection: { kind: 'configuration' },
        icon: { kind: 'folder' },
        children: [
          {
            id: 'resourceTypes',
            label: 'Resource Types',
            selection: { kind: 'resourceTypes' },
            icon: { kind: 'types' },
            children: [],
          },
        ],
      },
      { id: 'nodes', label: 'Nodes', selection: { kind: 'nodes' }, icon: { kind: 'folder' }, children: nodes },
    ],
  };
}

/** Past this many groups the Groups folder starts closed: the list pane shows them instead. */
export const openGroupsFolderUpTo = 100;

/**
 * Expanded unless the user collapsed it; each group starts collapsed, and so does the
 * Groups folder of a cluster with many groups (so Resources and Nodes stay in view).
 */
export function isExpanded(id: string, toggled: ReadonlyMap<string, boolean>, groupCount = 0): boolean {
  const explicit = toggled.get(id);
  if (explicit !== undefined) return explicit;
  if (id === 'groups') return groupCount <= openGroupsFolderUpTo;
  return !id.startsWith('group:');
}

/** The tree item id that shows a selection. */
export function itemIdOf(selection: Selection): string {
  switch (selection.kind) {
    case 'group':
    case 'resource':
    case 'node':
    case 'nodeGroups':
    case 'nodeResources':
      return `${selection.kind}:${selection.name}`;
    default:
      return selection.kind;
  }
}

/**
 * The visible items in order: children of expanded items only, plus whatever must be
 * open for the selected item to be seen.
 */
export function visibleTreeItems(
  cache: ClusterCache,
  toggled: ReadonlyMap<string, boolean>,
  selected?: Selection,
): TreeItem[] {
  const root = clusterBranches(cache);
  const reveal = new Set<string>();
  if (selected) {
    const target = itemIdOf(selected);
    const path: string[] = [];
    const find = (branch: Branch): boolean => {
      if (branch.id === target) return true;
      path.push(branch.id);
      for (const child of branch.children) if (find(child)) return true;
      path.pop();
      return false;
    };
    if (find(root)) for (const id of path) reveal.add(id);
  }
  const items: TreeItem[] = [];
  const walk = (branch: Branch, level: number, posInSet: number, setSize: number, parentId: string | undefined) => {
    const expandable = branch.children.length > 0;
    const expanded = expandable && (reveal.has(branch.id) || isExpanded(branch.id, toggled, cache.groups.size));
    const item: TreeItem = {
      id: branch.id,
      level,
      label: branch.label,
      accessibleName: branch.accessibleName ?? branch.label,
      selection: branch.selection,
      expandable,
      expanded,
      posInSet,
      setSize,
      parentId,
      icon: branch.icon,
    };
    if (branch.dropNode) item.dropNode = branch.dropNode;
    if (branch.dragGroup) item.dragGroup = branch.dragGroup;
    items.push(item);
    if (expanded) {
      branch.children.forEach((child, index) => {
        walk(child, level + 1, index + 1, branch.children.length, branch.id);
      });
    }
  };
  walk(root, 1, 1, 1, undefined);
  return items;
}

/** Stable React key of a selection (its route). */
export const selectionKey = (selection: Selection): string => selectionToHash(selection);
