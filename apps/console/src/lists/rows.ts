import type { ClusterCache } from '../live/cluster-cache.ts';
import type { Selection } from '../app/selection.ts';
import { compareNames } from './compare.ts';

/** What a row of the right pane stands for: a cluster object, or a folder of the tree. */
export type RowObject =
  | { kind: 'group' | 'resource' | 'node' | 'resourceType'; name: string }
  | { kind: 'folder'; name: string; selection: Selection };

/** One row of the list: the MSCS columns, as text. */
export interface ListRow {
  key: string;
  object: RowObject;
  name: string;
  state: string;
  owner: string;
  group: string;
  type: string;
  description: string;
}

export type ColumnId = 'name' | 'state' | 'owner' | 'group' | 'type' | 'description';

export interface Column {
  id: ColumnId;
  label: string;
}

/** The columns of Cluster Administrator's list view. */
export const objectColumns: Column[] = [
  { id: 'name', label: 'Name' },
  { id: 'state', label: 'State' },
  { id: 'owner', label: 'Owner' },
  { id: 'group', label: 'Group' },
  { id: 'type', label: 'Resource Type' },
  { id: 'description', label: 'Description' },
];

/** Resource types have no state or owner: their own columns. */
export const typeColumns: Column[] = [
  { id: 'name', label: 'Name' },
  { id: 'type', label: 'Version' },
  { id: 'owner', label: 'Panel' },
  { id: 'description', label: 'Description' },
];

export const columnsFor = (selection: Selection): Column[] =>
  selection.kind === 'resourceTypes' ? typeColumns : objectColumns;

/** A row with its key (`kind:name`, unique across the list) and the columns given; the others blank. */
function objectRow(object: RowObject, columns: Partial<Omit<ListRow, 'key' | 'object' | 'name'>>): ListRow {
  return {
    key: `${object.kind}:${object.name}`,
    object,
    name: object.name,
    state: '',
    owner: '',
    group: '',
    type: '',
    description: '',
    ...columns,
  };
}

const folderRow = (name: string, selection: Selection, description: string): ListRow =>
  objectRow({ kind: 'folder', name, selection }, { description });

function groupRows(cache: ClusterCache, filter: (owner: string | null) => boolean): ListRow[] {
  return [...cache.groups.values()]
    .filter((group) => filter(group.ownerNode))
    .map((group) =>
      objectRow(
        { kind: 'group', name: group.name },
        { state: group.state, owner: group.ownerNode ?? '', description: group.description },
      ),
    );
}

function resourceRows(
  cache: ClusterCache,
  filter: (resource: { group: string; ownerNode: string | null; name: string }) => boolean,
): ListRow[] {
  return [...cache.resources.values()].filter(filter).map((resource) =>
    objectRow(
      { kind: 'resource', name: resource.name },
      {
        state: resource.state,
        owner: resource.ownerNode ?? '',
        group: resource.group,
        type: resource.type,
        description: resource.description,
      },
    ),
  );
}

function nodeRows(cache: ClusterCache): ListRow[] {
  return [...cache.nodes.values()].map((node) =>
    objectRow(
      { kind: 'node', name: node.name },
      { state: node.state, description: node.description || (node.hostname ? `on ${node.hostname}` : '') },
    ),
  );
}

function typeRows(cache: ClusterCache): ListRow[] {
  return [...cache.resourceTypes.values()].map((type) =>
    objectRow(
      { kind: 'resourceType', name: type.name },
      {
        owner: type.panelUrl ? 'Extension panel' : 'Generated form',
        type: type.version,
        description: type.description,
      },
    ),
  );
}

/** The rows the right pane shows for a selected branch, unsorted. */
export function rowsFor(cache: ClusterCache, selection: Selection): ListRow[] {
  switch (selection.kind) {
    case 'cluster':
      return [
        folderRow('Groups', { kind: 'groups' }, `${cache.groups.size} groups`),
        folderRow('Resources', { kind: 'resources' }, `${cache.resources.size} resources`),
        folderRow('Cluster Configuration', { kind: 'configuration' }, 'Resource types'),
        folderRow('Nodes', { kind: 'nodes' }, `${cache.nodes.size} nodes`),
      ];
    case 'groups':
      return groupRows(cache, () => true);
    case 'group':
      return resourceRows(cache, (resource) => resource.group === selection.name);
    case 'resources':
      return resourceRows(cache, () => true);
    case 'resource':
      return resourceRows(cache, (resource) => resource.name === selection.name);
    case 'configuration':
      return [folderRow('Resource Types', { kind: 'resourceTypes' }, `${cache.resourceTypes.size} resource types`)];
    case 'resourceTypes':
      return typeRows(cache);
    case 'nodes':
      return nodeRows(cache);
    case 'node':
      return [
        ...groupRows(cache, (owner) => owner === selection.name),
        ...resourceRows(cache, (resource) => resource.ownerNode === selection.name),
      ];
    case 'nodeGroups':
      return groupRows(cache, (owner) => owner === selection.name);
    case 'nodeResources':
      return resourceRows(cache, (resource) => resource.ownerNode === selection.name);
  }
}

export interface SortOrder {
  column: ColumnId;
  direction: 'ascending' | 'descending';
}

/** Rows sorted by a column, ties broken by name, so the order is stable as states change. */
export function sortRows(rows: readonly ListRow[], order: SortOrder): ListRow[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * (compareNames(a[order.column], b[order.column]) || compareNames(a.name, b.name)),
  );
}

/** Clicking a header: the same column flips direction, another sorts ascending. */
export function nextSortOrder(current: SortOrder, column: ColumnId): SortOrder {
  if (current.column === column)
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: 'ascending' };
}
