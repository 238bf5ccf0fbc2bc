import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupState, nodeState } from '@wolfpack/engine';
import type { EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { freeze, thaw } from '@wolfpack/testing/freeze';
import { chatProcesses, expectWatchedWithoutSplitBrain, type OwnershipWatcher } from './harness/ownership-watcher.ts';
import {
  chatGreeting,
  seedGroupOnlineOn,
  startWatchedSeedCluster,
  stopWatchedSeedCluster,
} from './harness/watched-seed-cluster.ts';

// A frozen node agent (SIGSTOP) is the classic split-brain trap: its resources keep
// running while the cluster, hearing nothing, starts them elsewhere. Wolfpack's resource
// host fences them itself before the lease can expire.
describe('self-fencing of a frozen node agent', () => {
  let cluster: EmbeddedCluster;
  let watcher: OwnershipWatcher;
  let frozenPid = 0;

  beforeAll(async () => ({ cluster, watcher } = await startWatchedSeedCluster()), 120_000);

  afterAll(async () => {
    if (frozenPid) thaw(frozenPid);
    await stopWatchedSeedCluster({ cluster, watcher });
  });

  it("terminates the frozen owner's chat server before the group comes online on the other node", async () => {
    await seedGroupOnlineOn(cluster, 'OSDB_SERV');
    const [chatBefore] = chatProcesses(cluster.dataDir);
    expect(chatBefore).toBeDefined();
    frozenPid = await cluster.nodePid('OSDB_SERV');
    freeze(frozenPid);

    await seedGroupOnlineOn(cluster, 'OSDB_BACK');
    expect(await chatGreeting(cluster)).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    expect(chatProcesses(cluster.dataDir)).not.toContain(chatBefore);
  });

  it('does not resume ownership when the frozen agent wakes up, and rejoins as a member', async () => {
    thaw(frozenPid);
    frozenPid = 0;
    await cluster.waitFor('OSDB_SERV Up again', (s) => nodeState(s, 'OSDB_SERV') === 'Up');
    const state = await cluster.state();
    expect(groupOwner(state, 'SOCKET_GROUP')).toBe('OSDB_BACK');
    expect(groupState(state, 'SOCKET_GROUP')).toBe('Online');
    expect(chatProcesses(cluster.dataDir)).toHaveLength(1);
    expect(await chatGreeting(cluster)).toBe('WELCOME to SOCKET_GROUP on OSDB_BACK');
    expect(cluster.output.some((line) => line.includes('[OSDB_SERV] FENCING'))).toBe(true);
  });

  it('never had two owners of SOCKET_GROUP at once', async () => {
    await expectWatchedWithoutSplitBrain(watcher);
  });
});
