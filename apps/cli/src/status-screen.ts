import type { ClusterSnapshot, GroupView, ResourceView } from '@wolfpack/contracts';
import { stateColor } from './output/color.ts';
import { formatTable, stateCell as state, type Cell } from './output/table.ts';

/*
 * The cluster on one screen, like `cluster.exe /status` or `crm_mon -1`: the nodes, then
 * each group with its resources under it. One pure function of a snapshot, so
 * `status` and `status --watch` draw the same screen.
 */

/** A node's state; one that is down while paused says so, as it stays paused when it comes back. */
function nodeRows(snapshot: ClusterSnapshot): Cell[][] {
  return snapshot.nodes.map((node) => [
    node.name,
    node.paused && node.state === 'Down' ? { text: 'Down (paused)', color: stateColor('Down') } : state(node.state),
    node.description,
  ]);
}

function groupRows(group: GroupView, resources: Map<string, ResourceView>): Cell[][] {
  const rows: Cell[][] = [[group.name, state(group.state), group.ownerNode ?? '-', '']];
  for (const name of group.resources) {
    const resource = resources.get(name);
    if (!resource) continue;
    const reason = resource.state === 'Failed' && resource.reason ? ` (${resource.reason})` : '';
    rows.push([`  ${resource.name}`, state(resource.state), resource.ownerNode ?? '-', `${resource.type}${reason}`]);
  }
  return rows;
}

export function statusScreen(snapshot: ClusterSnapshot, color: boolean): string {
  const resources = new Map(snapshot.resources.map((resource) => [resource.name, resource]));
  // A paused node is up: it runs, and keeps, its groups (cluster.exe's Paused, crm_mon's
  // standby are online too); it only takes no new ones. Counting it down would cry wolf.
  const paused = snapshot.nodes.filter((node) => node.state === 'Paused').length;
  const up = snapshot.nodes.filter((node) => node.state === 'Up').length + paused;
  const online = snapshot.groups.filter((group) => group.state === 'Online').length;
  const lines = [
    `Cluster ${snapshot.name}: ${up} of ${snapshot.nodes.length} nodes up${paused > 0 ? ` (${paused} paused)` : ''}, ${online} of ${snapshot.groups.length} groups online (revision ${snapshot.revision})`,
    '',
    snapshot.nodes.length === 0
      ? 'No nodes.'
      : formatTable(['NODE', 'STATE', 'DESCRIPTION'], nodeRows(snapshot), color),
    '',
    snapshot.groups.length === 0
      ? 'No groups.'
      : formatTable(
          ['GROUP / RESOURCE', 'STATE', 'OWNER', 'TYPE'],
          snapshot.groups.flatMap((group) => groupRows(group, resources)),
          color,
        ),
  ];
  return lines.join('\n');
}
