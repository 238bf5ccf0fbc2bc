import { describe, expect, it } from 'vitest';
import {
  clusterPatch,
  dependencyChanges,
  groupPatch,
  moveItem,
  pruneResourceEdits,
  resourceDirty,
  resourcePatch,
} from '../../src/properties/drafts.ts';
import { describeDependencies, layoutDependencies } from '../../src/properties/graph-layout.ts';
import { group, resource, seedSnapshot } from '../fixtures.ts';

const chat = resource('SOCKET_SERVER', { dependencies: ['SOCKET_IP', 'SOCKET_NAME'] });

describe('resource edits', () => {
  it('patch only what changed, and nothing when nothing did', () => {
    expect(resourcePatch(chat, {})).toBeUndefined();
    expect(resourcePatch(chat, { description: '', common: { restartThreshold: 3 } })).toBeUndefined();
    expect(
      resourcePatch(chat, {
        description: 'paper chat',
        common: { restartThreshold: 5, pendingTimeoutMs: 180_000 },
        possibleOwners: ['OSDB_BACK', 'OSDB_SERV'],
      }),
    ).toEqual({ description: 'paper chat', common: { restartThreshold: 5 } });
    expect(resourcePatch(chat, { possibleOwners: ['OSDB_SERV'] })).toEqual({ possibleOwners: ['OSDB_SERV'] });
  });

  it('sends what a person typed that is not a number, for the server to name', () => {
    expect(resourcePatch(chat, { common: { restartThreshold: 'ten' } })).toEqual({
      common: { restartThreshold: 'ten' },
    });
  });

  it('dependencies become adds and removes', () => {
    expect(dependencyChanges(chat, { dependencies: ['SOCKET_NAME', 'SOCKET_DISK'] })).toEqual({
      add: ['SOCKET_DISK'],
      remove: ['SOCKET_IP'],
    });
    expect(resourceDirty(chat, { dependencies: ['SOCKET_NAME', 'SOCKET_IP'] })).toBe(false);
  });

  it('edits the live view caught up with are dropped', () => {
    const edits = { description: 'x', common: { restartThreshold: 5 } };
    expect(pruneResourceEdits({ ...chat, description: 'x' }, edits)).toEqual({ common: { restartThreshold: 5 } });
  });
});

describe('group edits', () => {
  it('preferred owners are ordered: the order is the change', () => {
    const view = group('SOCKET_GROUP', {
      policy: {
        preferredOwners: ['OSDB_SERV', 'OSDB_BACK'],
        failoverThreshold: 10,
        failoverPeriodMs: 21_600_000,
        autoFailback: 'Prevent',
      },
    });
    const swapped = moveItem(view.policy.preferredOwners, 1, -1);
    expect(swapped).toEqual(['OSDB_BACK', 'OSDB_SERV']);
    expect(groupPatch(view, { policy: { preferredOwners: swapped } })).toEqual({
      policy: { preferredOwners: ['OSDB_BACK', 'OSDB_SERV'] },
    });
    expect(
      groupPatch(view, { policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'], autoFailback: 'Prevent' } }),
    ).toBeUndefined();
  });
});

describe('dependency graph layout', () => {
  it('providers at the bottom, each dependent above its providers', () => {
    const { resources } = seedSnapshot();
    const layout = layoutDependencies(resources);
    const y = (name: string) => layout.boxes.find((b) => b.name === name)!.y;
    expect(y('SOCKET_SERVER')).toBeLessThan(y('SOCKET_NAME'));
    expect(y('SOCKET_NAME')).toBeLessThan(y('SOCKET_IP'));
    expect(y('SOCKET_IP')).toBe(y('SOCKET_DISK'));
    expect(layout.edges).toHaveLength(4);
    expect(describeDependencies(resources)).toContain('SOCKET_SERVER depends on SOCKET_IP, SOCKET_NAME, SOCKET_DISK');
  });

  it('a cycle does not loop forever', () => {
    const layout = layoutDependencies([
      { name: 'A', state: 'Online', dependencies: ['B'] },
      { name: 'B', state: 'Online', dependencies: ['A'] },
    ]);
    expect(layout.boxes).toHaveLength(2);
  });
});

describe('cluster edits', () => {
  const record = {
    name: 'INS_CLUS',
    description: '',
    nodeLeaseTtlMs: 1000,
    dnsAddress: '127.0.0.1',
    dnsPort: 5354,
    createdAt: 0,
  };

  it('patch only the fields that differ from the record, typed text included', () => {
    expect(clusterPatch(record, {})).toBeUndefined();
    expect(clusterPatch(record, { description: '', nodeLeaseTtlMs: 1000, dnsAddress: '127.0.0.1' })).toBeUndefined();
    expect(clusterPatch(record, { nodeLeaseTtlMs: 3000, dnsAddress: '127.0.0.1', dnsPort: 'fifty' })).toEqual({
      nodeLeaseTtlMs: 3000,
      dnsPort: 'fifty',
    });
  });
});
