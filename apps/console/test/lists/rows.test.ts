import { describe, expect, it } from 'vitest';
import { cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { nextSortOrder, rowsFor, sortRows } from '../../src/lists/rows.ts';
import { group, resource, seedSnapshot } from '../fixtures.ts';

const cache = (() => {
  const snapshot = seedSnapshot();
  snapshot.groups.push(group('WEB_GROUP', { ownerNode: 'OSDB_BACK', state: 'Failed' }));
  snapshot.resources.push(
    resource('WEB_APP', { group: 'WEB_GROUP', ownerNode: 'OSDB_BACK', state: 'Failed', type: 'Generic Application' }),
  );
  return cacheFromSnapshot(snapshot);
})();

describe('rowsFor', () => {
  it('a group lists its resources with the MSCS columns', () => {
    const rows = rowsFor(cache, { kind: 'group', name: 'SOCKET_GROUP' });
    expect(rows.map((r) => r.name).sort()).toEqual(['SOCKET_DISK', 'SOCKET_IP', 'SOCKET_NAME', 'SOCKET_SERVER']);
    expect(rows.find((r) => r.name === 'SOCKET_SERVER')).toMatchObject({
      state: 'Online',
      owner: 'OSDB_SERV',
      group: 'SOCKET_GROUP',
      type: 'Chat Server',
    });
  });

  it('a node lists the groups and resources active on it', () => {
    expect(rowsFor(cache, { kind: 'node', name: 'OSDB_BACK' }).map((r) => r.key)).toEqual([
      'group:WEB_GROUP',
      'resource:WEB_APP',
    ]);
    expect(rowsFor(cache, { kind: 'nodeGroups', name: 'OSDB_SERV' }).map((r) => r.name)).toEqual(['SOCKET_GROUP']);
    expect(rowsFor(cache, { kind: 'nodeResources', name: 'OSDB_BACK' }).map((r) => r.name)).toEqual(['WEB_APP']);
  });

  it('the cluster and Cluster Configuration list their folders', () => {
    expect(rowsFor(cache, { kind: 'cluster' }).map((r) => r.name)).toEqual([
      'Groups',
      'Resources',
      'Cluster Configuration',
      'Nodes',
    ]);
    expect(rowsFor(cache, { kind: 'configuration' }).map((r) => r.name)).toEqual(['Resource Types']);
    expect(rowsFor(cache, { kind: 'resourceTypes' })).toHaveLength(4);
  });
});

describe('sorting', () => {
  it('sorts by any column, ties by name, and flips on a second click', () => {
    const rows = rowsFor(cache, { kind: 'resources' });
    const byState = sortRows(rows, { column: 'state', direction: 'ascending' });
    expect(byState[0]!.name).toBe('WEB_APP'); // Failed < Online
    const order = nextSortOrder({ column: 'state', direction: 'ascending' }, 'state');
    expect(order).toEqual({ column: 'state', direction: 'descending' });
    expect(sortRows(rows, order).at(-1)!.name).toBe('WEB_APP');
    expect(nextSortOrder(order, 'owner')).toEqual({ column: 'owner', direction: 'ascending' });
  });
});
