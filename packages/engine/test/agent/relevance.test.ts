/*
 * Which changes wake an agent's reconcile pass. At scale most writes are other nodes'
 * resource statuses; an agent must still wake for those it has to act on.
 */
import { describe, expect, it } from 'vitest';
import { keys, type ResourceConfig } from '@wolfpack/contracts';
import { concernsNode } from '../../src/agent/relevance.ts';
import { emptyClusterState } from '../../src/model/cluster-state.ts';
import type { WatchEvent } from '@wolfpack/store';

const put = (key: string): WatchEvent => ({
  type: 'put',
  kv: { key, value: '{}', createRevision: 1, modRevision: 1, version: 1, lease: 0 },
});

function cluster() {
  const state = emptyClusterState();
  for (const [resource, group] of [
    ['DISK_S', 'SOCKET_GROUP'],
    ['DISK_T', 'OTHER_GROUP'],
    ['DISK_U', 'UNPLACED'],
  ] as const) {
    state.resources.set(resource, { name: resource, group } as ResourceConfig);
  }
  state.placements.set('SOCKET_GROUP', {
    group: 'SOCKET_GROUP',
    node: 'OSDB_SERV',
    epoch: 3,
    at: 0,
    reason: 'preferred',
  } as never);
  state.placements.set('OTHER_GROUP', {
    group: 'OTHER_GROUP',
    node: 'OSDB_BACK',
    epoch: 1,
    at: 0,
    reason: 'preferred',
  } as never);
  return state;
}

describe('concernsNode', () => {
  it("ignores another node's status of a resource in a group placed elsewhere that this node does not hold", () => {
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [put(keys.resourceStatus('DISK_T'))])).toBe(false);
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [put(keys.resourceStatus('DISK_U'))])).toBe(false);
  });

  it('wakes for a status in a group placed here (the old owner letting go) or of a resource held here', () => {
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [put(keys.resourceStatus('DISK_S'))])).toBe(true);
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map([['DISK_T', {}]]), [put(keys.resourceStatus('DISK_T'))])).toBe(
      true,
    );
  });

  it('wakes for a status of a resource it has no configuration for, for every other kind of change, and for a reload', () => {
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [put(keys.resourceStatus('GONE'))])).toBe(true);
    for (const key of [
      keys.placement('OTHER_GROUP'),
      keys.resource('DISK_T'),
      keys.nodeStatus('OSDB_BACK'),
      keys.failureRequest('DISK_T'),
      keys.cluster,
    ]) {
      expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [put(keys.resourceStatus('DISK_T')), put(key)]), key).toBe(
        true,
      );
    }
    expect(concernsNode(cluster(), 'OSDB_SERV', new Map(), [])).toBe(true);
  });
});
