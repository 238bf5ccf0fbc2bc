/*
 * The etcd launcher's ports are its caller's (freeEtcdPorts, beside it in src/testing):
 * a start without a port per member is refused before any process or folder is made.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEtcdCluster } from '../src/testing/index.ts';

describe('startEtcdCluster options', () => {
  let parent: string | undefined;
  afterEach(() => {
    if (parent) rmSync(parent, { recursive: true, force: true });
    parent = undefined;
  });

  it('refuses too few client or peer ports, naming the field, and makes no data folder', async () => {
    parent = mkdtempSync(join(tmpdir(), 'wolfpack-etcd-options-'));
    const dataDir = join(parent, 'etcd');
    const peerPorts = [2380, 2382, 2384];
    await expect(startEtcdCluster({ members: 3, dataDir, clientPorts: [2379, 2381], peerPorts })).rejects.toThrow(
      'startEtcdCluster: clientPorts must hold one port per member (3 members, 2 ports)',
    );
    await expect(startEtcdCluster({ members: 1, dataDir, clientPorts: [2379], peerPorts: [] })).rejects.toThrow(
      'startEtcdCluster: peerPorts must hold one port per member (1 members, 0 ports)',
    );
    expect(readdirSync(parent)).toEqual([]);
  });
});
