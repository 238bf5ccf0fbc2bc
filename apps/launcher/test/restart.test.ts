import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupState, readEvents } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { greetingLine } from '@wolfpack/testing/chat-client';
import { newDataDir, removeDataDir, startClusterOn, type ClusterOnDir } from './harness/cluster-on-dir.ts';
import { applicationPids, clusterProcesses } from '@wolfpack/testing/processes';
import {
  leftoverProcesses,
  markerFileFor,
  nodeRunning,
  runningOn,
  sleeperProperties,
  startsIn,
  waitForNodesUp,
} from './harness/applications.ts';

// The administrator stops the whole cluster (Ctrl-C on `npm start`, `pcs cluster stop
// --all`) and starts it again later: nothing may be left running in between, and the
// cluster comes back with the configuration it had.
describe('stopping the embedded cluster and starting it again on the same data dir', () => {
  const group = 'KEPT_GROUP';
  const app = 'Kept App';
  let dataDir: string;
  let cluster: ClusterOnDir;
  let marker: string;

  beforeAll(async () => {
    await buildOnce();
    dataDir = newDataDir();
    cluster = await startClusterOn(dataDir);
    marker = markerFileFor(cluster, app);
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dataDir) {
      const left = await leftoverProcesses(dataDir);
      removeDataDir(dataDir);
      expect(left).toEqual([]);
    }
  });

  it("runs a group of the administrator's own next to the seed's", async () => {
    expect(cluster.output.some((line) => line.startsWith('Created cluster INS_CLUS'))).toBe(true);
    await cluster.command(
      {
        type: 'create-group',
        name: group,
        description: 'kept across restarts',
        policy: { preferredOwners: ['OSDB_BACK'] },
      },
      'alice',
    );
    // In a resource host of its own (separateMonitor): one more process that must not outlive the cluster.
    await cluster.command(
      {
        type: 'create-resource',
        name: app,
        group,
        resourceType: 'Generic Application',
        common: { separateMonitor: true },
        private: sleeperProperties(marker),
      },
      'alice',
    );
    await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
    const pid = await runningOn(cluster, group, app, 'OSDB_BACK');
    expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_BACK']);
    await cluster.waitFor('SOCKET_GROUP Online', (state) => groupState(state, 'SOCKET_GROUP') === 'Online');
    // And one the administrator left Offline.
    await cluster.command({ type: 'create-group', name: 'PARKED_GROUP' }, 'alice');
    await cluster.command(
      {
        type: 'create-resource',
        name: 'Parked App',
        group: 'PARKED_GROUP',
        resourceType: 'Generic Application',
        private: sleeperProperties(markerFileFor(cluster, 'Parked App')),
      },
      'alice',
    );
  });

  it('leaves no wolfpackd, resource host or application process behind when the launcher is stopped', async () => {
    const before = clusterProcesses(dataDir);
    const commands = before.map((info) => info.command).join('\n');
    expect(before.some((info) => info.pid === cluster.launcherPid)).toBe(true);
    expect(commands).toMatch(/wolfpackd\.mjs --node OSDB_SERV/);
    expect(commands).toMatch(/wolfpackd\.mjs --node OSDB_BACK/);
    expect(before.filter((info) => info.command.includes('resource-host.mjs')).length).toBeGreaterThanOrEqual(2);
    expect(commands).toMatch(/chat-process\.mjs/);
    expect(applicationPids(dataDir, app)).toHaveLength(1);

    await cluster.stop();
    expect(await leftoverProcesses(dataDir)).toEqual([]);
    const stopping = cluster.output.findIndex((line) => line.startsWith('SIGTERM: stopping the cluster'));
    expect(stopping).toBeGreaterThanOrEqual(0);
    // A whole-cluster stop takes groups offline where they are: nothing fails over to a node that is stopping too.
    expect(cluster.output.slice(stopping).filter((line) => /failed over|OnlinePending/.test(line))).toEqual([]);
  });

  it('reuses the stored configuration on the next start: the group is still there and comes back online', async () => {
    cluster = await startClusterOn(dataDir);
    expect(cluster.output.some((line) => line.startsWith('Reusing cluster INS_CLUS'))).toBe(true);
    const state = await cluster.state();
    expect(state.groups.get(group)).toMatchObject({
      description: 'kept across restarts',
      persistentState: 'Online',
      policy: { preferredOwners: ['OSDB_BACK'] },
    });
    expect(state.resources.get(app)).toMatchObject({
      group,
      type: 'Generic Application',
      private: sleeperProperties(marker),
    });

    const owner = await cluster.waitFor(
      `${group} Online`,
      (s) => (groupState(s, group) === 'Online' && groupOwner(s, group)) || undefined,
    );
    const pid = await runningOn(cluster, group, app, owner);
    expect(await nodeRunning(cluster, pid)).toEqual([owner]);
    expect(startsIn(marker)).toHaveLength(2);
    expect(startsIn(marker)[1]).toEqual({ node: owner, pid });

    await cluster.waitFor('SOCKET_GROUP Online', (s) => groupState(s, 'SOCKET_GROUP') === 'Online');
    const socketOwner = groupOwner(await cluster.state(), 'SOCKET_GROUP');
    expect(await greetingLine(cluster.chatAddress, cluster.chatPort)).toBe(`WELCOME to SOCKET_GROUP on ${socketOwner}`);
  });

  it('leaves the group the administrator had left Offline Offline', async () => {
    const state = await cluster.state();
    expect(state.groups.get('PARKED_GROUP')?.persistentState).toBe('Offline');
    expect(groupState(state, 'PARKED_GROUP')).toBe('Offline');
    expect(applicationPids(dataDir, 'Parked App')).toEqual([]);
    expect(startsIn(markerFileFor(cluster, 'Parked App'))).toEqual([]);
  });

  it('keeps the event log of the first run, with who did what', async () => {
    const events = await readEvents(cluster.store, { object: { kind: 'group', name: group } });
    expect(events.find((event) => event.command === 'create-group')).toMatchObject({
      actor: 'alice',
      result: 'ok',
      message: `created group ${group}`,
    });
  });

  it('after a restart, groups stay on the owners they had (nothing moves just because the cluster restarted)', async () => {
    const state = await cluster.state();
    expect(groupOwner(state, group)).toBe('OSDB_BACK');
    expect(groupOwner(state, 'SOCKET_GROUP')).toBe('OSDB_SERV');
  });
});
