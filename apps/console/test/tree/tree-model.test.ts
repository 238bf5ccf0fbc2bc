import { describe, expect, it } from 'vitest';
import { cacheFromSnapshot } from '../../src/live/cluster-cache.ts';
import { visibleTreeItems } from '../../src/tree/tree-model.ts';
import { seedSnapshot } from '../fixtures.ts';

const cache = cacheFromSnapshot(seedSnapshot());

describe('visibleTreeItems', () => {
  it('shows the cluster, its folders and nodes; groups start closed', () => {
    const items = visibleTreeItems(cache, new Map());
    expect(items.map((i) => `${'  '.repeat(i.level - 1)}${i.accessibleName}`)).toEqual([
      'Cluster INS_CLUS',
      '  Groups',
      '    SOCKET_GROUP',
      '  Resources',
      '  Cluster Configuration',
      '    Resource Types',
      '  Nodes',
      '    OSDB_BACK',
      '      Active Groups on OSDB_BACK',
      '      Active Resources on OSDB_BACK',
      '    OSDB_SERV',
      '      Active Groups on OSDB_SERV',
      '      Active Resources on OSDB_SERV',
    ]);
    expect(items.find((i) => i.id === 'group:SOCKET_GROUP')).toMatchObject({
      expandable: true,
      expanded: false,
      dragGroup: 'SOCKET_GROUP',
      posInSet: 1,
      setSize: 1,
    });
    expect(items.find((i) => i.id === 'node:OSDB_BACK')).toMatchObject({
      dropNode: 'OSDB_BACK',
      icon: { kind: 'node', state: 'Up' },
    });
  });

  it('opens a group on request, and by itself when one of its resources is selected', () => {
    const opened = visibleTreeItems(cache, new Map([['group:SOCKET_GROUP', true]]));
    expect(opened.filter((i) => i.parentId === 'group:SOCKET_GROUP').map((i) => i.label)).toEqual([
      'SOCKET_DISK',
      'SOCKET_IP',
      'SOCKET_NAME',
      'SOCKET_SERVER',
    ]);
    const revealed = visibleTreeItems(cache, new Map([['groups', false]]), { kind: 'resource', name: 'SOCKET_IP' });
    expect(revealed.some((i) => i.id === 'resource:SOCKET_IP')).toBe(true);
  });

  it('a closed folder hides its children', () => {
    const items = visibleTreeItems(cache, new Map([['nodes', false]]));
    expect(items.some((i) => i.id.startsWith('node:'))).toBe(false);
  });
});
