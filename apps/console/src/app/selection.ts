/**
 * What the left tree has selected, which the right pane lists. Each selection has a
 * hash route (`#/groups/SOCKET_GROUP`), so a link or a reload lands on the same branch.
 */
export type Selection =
  | { kind: 'cluster' }
  | { kind: 'groups' }
  | { kind: 'group'; name: string }
  | { kind: 'resources' }
  | { kind: 'resource'; name: string }
  | { kind: 'configuration' }
  | { kind: 'resourceTypes' }
  | { kind: 'nodes' }
  | { kind: 'node'; name: string }
  | { kind: 'nodeGroups'; name: string }
  | { kind: 'nodeResources'; name: string };

export type SelectionKind = Selection['kind'];

const folders = {
  cluster: '',
  groups: 'groups',
  resources: 'resources',
  configuration: 'configuration',
  resourceTypes: 'configuration/resource-types',
  nodes: 'nodes',
} as const;

/** The hash route of a selection. */
export function selectionToHash(selection: Selection): string {
  const e = encodeURIComponent;
  switch (selection.kind) {
    case 'group':
      return `#/groups/${e(selection.name)}`;
    case 'resource':
      return `#/resources/${e(selection.name)}`;
    case 'node':
      return `#/nodes/${e(selection.name)}`;
    case 'nodeGroups':
      return `#/nodes/${e(selection.name)}/groups`;
    case 'nodeResources':
      return `#/nodes/${e(selection.name)}/resources`;
    default:
      return `#/${folders[selection.kind]}`;
  }
}

/** The selection a hash route names; the cluster for anything unknown. */
export function selectionFromHash(hash: string): Selection {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map(safeDecode);
  const [first, second, third] = parts;
  if (first === undefined) return { kind: 'cluster' };
  if (first === 'groups') return second === undefined ? { kind: 'groups' } : { kind: 'group', name: second };
  if (first === 'resources') return second === undefined ? { kind: 'resources' } : { kind: 'resource', name: second };
  if (first === 'configuration')
    return second === 'resource-types' ? { kind: 'resourceTypes' } : { kind: 'configuration' };
  if (first === 'nodes') {
    if (second === undefined) return { kind: 'nodes' };
    if (third === 'groups') return { kind: 'nodeGroups', name: second };
    if (third === 'resources') return { kind: 'nodeResources', name: second };
    return { kind: 'node', name: second };
  }
  return { kind: 'cluster' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Two selections name the same branch. */
export function sameSelection(a: Selection, b: Selection): boolean {
  return selectionToHash(a) === selectionToHash(b);
}
