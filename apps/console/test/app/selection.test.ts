import { describe, expect, it } from 'vitest';
import { selectionFromHash, selectionToHash, type Selection } from '../../src/app/selection.ts';

describe('selection routes', () => {
  const all: Selection[] = [
    { kind: 'cluster' },
    { kind: 'groups' },
    { kind: 'group', name: 'SOCKET GROUP/1' },
    { kind: 'resources' },
    { kind: 'resource', name: 'Chat Server' },
    { kind: 'configuration' },
    { kind: 'resourceTypes' },
    { kind: 'nodes' },
    { kind: 'node', name: 'OSDB_SERV' },
    { kind: 'nodeGroups', name: 'OSDB_SERV' },
    { kind: 'nodeResources', name: 'OSDB_BACK' },
  ];
  it('every selection survives its hash route', () => {
    for (const selection of all) expect(selectionFromHash(selectionToHash(selection))).toEqual(selection);
  });
  it('names read well and anything unknown is the cluster', () => {
    expect(selectionToHash({ kind: 'resource', name: 'Chat Server' })).toBe('#/resources/Chat%20Server');
    expect(selectionFromHash('#/nowhere')).toEqual({ kind: 'cluster' });
    expect(selectionFromHash('')).toEqual({ kind: 'cluster' });
  });
});
