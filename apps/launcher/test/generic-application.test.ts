import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupState, readEvents, resourceState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { ancestorsOf, applicationPids, clusterProcesses, environmentOf, isRunning } from '@wolfpack/testing/processes';
import { holdsFor, waitUntil } from '@wolfpack/testing/conditions';
import {
  leftoverProcesses,
  markerFileFor,
  nodeRunning,
  runningOn,
  sleeperProperties,
  startsIn,
  waitForNodesUp,
} from './harness/applications.ts';

// An administrator adds their own program to the cluster, as Failover Cluster Manager's
// "Generic Application" role: create, bring online, take offline, fail it, kill it.
describe('a Generic Application resource on the embedded cluster', () => {
  const group = 'APP_GROUP';
  const app = 'Sleeper App';
  let cluster: EmbeddedCluster;
  let marker: string;
  let pid = 0;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    marker = markerFileFor(cluster, app);
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    const dataDir = cluster?.dataDir;
    await cluster?.stop();
    if (dataDir) expect(await leftoverProcesses(dataDir)).toEqual([]);
  });

  const revision = async () => (await cluster.state()).revision;
  const appEvents = async (since: number) =>
    readEvents(cluster.store, { since, object: { kind: 'resource', name: app } });

  it('creates a group with a Generic Application: placed on its first preferred owner, Offline, running nothing', async () => {
    await cluster.command(
      {
        type: 'create-group',
        name: group,
        description: 'my own program',
        policy: { preferredOwners: ['OSDB_BACK', 'OSDB_SERV'] },
      },
      'alice',
    );
    await cluster.command(
      {
        type: 'create-resource',
        name: app,
        group,
        resourceType: 'Generic Application',
        private: sleeperProperties(marker),
      },
      'alice',
    );
    const state = await cluster.waitFor(`${group} placed`, (s) => groupOwner(s, group) !== null && s);
    expect(groupOwner(state, group)).toBe('OSDB_BACK');
    expect(groupState(state, group)).toBe('Offline');
    expect(resourceState(state, app)).toBe('Offline');
    expect(applicationPids(cluster.dataDir, app)).toEqual([]);
    expect(startsIn(marker)).toEqual([]);
  });

  it("brings the group online: the program runs on OSDB_BACK, a descendant of that node's wolfpackd", async () => {
    await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
    pid = await runningOn(cluster, group, app, 'OSDB_BACK');
    expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_BACK']);
    expect(environmentOf(pid).get('WOLFPACK_NODE')).toBe('OSDB_BACK');
    expect(environmentOf(pid).get('WOLFPACK_GROUP')).toBe(group);
    expect(startsIn(marker)).toEqual([{ node: 'OSDB_BACK', pid }]);
  });

  it('takes the group offline: the program is gone and the group is Offline', async () => {
    await cluster.command({ type: 'take-group-offline', name: group }, 'alice');
    const state = await cluster.waitFor(
      `${group} Offline`,
      (s) => groupState(s, group) === 'Offline' && resourceState(s, app) === 'Offline' && s,
    );
    // Offline means stopped: by the time the store says so, the process has exited.
    expect(isRunning(pid)).toBe(false);
    expect(applicationPids(cluster.dataDir, app)).toEqual([]);
    expect(state.groups.get(group)?.persistentState).toBe('Offline');
    expect(groupOwner(state, group)).toBe('OSDB_BACK');
  });

  it('brings it online again with a new process on the same node', async () => {
    await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
    const again = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(again).not.toBe(pid);
    expect(await nodeRunning(cluster, again)).toEqual(['OSDB_BACK']);
    expect(startsIn(marker).map((start) => start.node)).toEqual(['OSDB_BACK', 'OSDB_BACK']);
    pid = again;
  });

  it('changed private properties leave the running process alone and take effect at the next online', async () => {
    const changed = { ...sleeperProperties(marker), Environment: { MARKER: marker, GREETING: 'second version' } };
    await cluster.command({ type: 'set-resource-properties', name: app, private: changed }, 'alice');
    await cluster.command({ type: 'take-resource-offline', name: app }, 'alice');
    await cluster.waitFor(`${app} Offline`, (s) => resourceState(s, app) === 'Offline');
    expect(isRunning(pid)).toBe(false);
    await cluster.command({ type: 'bring-resource-online', name: app }, 'alice');
    pid = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(environmentOf(pid).get('GREETING')).toBe('second version');
  });

  it('kill -9 of the resource host takes the program with it; both come back on the same node', async () => {
    const [host] = ancestorsOf(pid);
    expect(clusterProcesses(cluster.dataDir).find((info) => info.pid === host)?.command).toMatch(/resource-host\.mjs/);
    const since = await revision();
    process.kill(host!, 'SIGKILL');
    const restarted = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(isRunning(pid)).toBe(false);
    expect(ancestorsOf(restarted)[0]).not.toBe(host);
    expect(await nodeRunning(cluster, restarted)).toEqual(['OSDB_BACK']);
    const restart = (await appEvents(since)).find((event) => event.kind === 'restart');
    expect(restart).toMatchObject({ node: 'OSDB_BACK', to: 'Failed' });
    pid = restarted;
  });

  it('Initiate Failure: the resource fails and is restarted on the same node with a new process', async () => {
    const since = await revision();
    await cluster.command({ type: 'initiate-failure', name: app }, 'alice');
    const restarted = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(isRunning(pid)).toBe(false);
    expect(await nodeRunning(cluster, restarted)).toEqual(['OSDB_BACK']);
    const events = await waitUntil('the restart and the Online after it in the event log', async () => {
      const found = await appEvents(since);
      const restart = found.findIndex((event) => event.kind === 'restart');
      return restart >= 0 && found.slice(restart).some((event) => event.to === 'Online') && found;
    });
    const restart = events.find((event) => event.kind === 'restart')!;
    expect(restart).toMatchObject({ node: 'OSDB_BACK', from: 'Online', to: 'Failed' });
    expect(restart.message).toMatch(/Initiate Failure by alice/);
    expect(restart.message).toMatch(/restarting/);
    pid = restarted;
  });

  it('kill -9 of the program: restarted at once with a new pid, Failed then Online in the event log', async () => {
    const since = await revision();
    process.kill(pid, 'SIGKILL');
    const restarted = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(await nodeRunning(cluster, restarted)).toEqual(['OSDB_BACK']);
    const events = await waitUntil('Failed then Online in the event log', async () => {
      const found = await appEvents(since);
      const failed = found.findIndex((event) => event.to === 'Failed');
      return failed >= 0 && found.slice(failed + 1).some((event) => event.to === 'Online') && found;
    });
    const failed = events.find((event) => event.to === 'Failed')!;
    expect(failed.kind).toBe('restart');
    expect(failed.message).toContain(String(pid));
    expect(failed.message).toMatch(/SIGKILL/);
    pid = restarted;
  });

  // A property change reaches the owner's agent a moment after the command returns; each
  // failure below is caused after the change (a failure request, or a process started
  // after it), so the agent decides with the new policy, never a race with the old one.
  it('with restartAction DontRestart a failed program stays Failed, and so does its group', async () => {
    await cluster.command(
      { type: 'set-resource-properties', name: app, common: { restartAction: 'DontRestart' } },
      'alice',
    );
    let since = await revision();
    await cluster.command({ type: 'initiate-failure', name: app }, 'alice');
    await cluster.waitFor(`${app} Failed`, (s) => resourceState(s, app) === 'Failed');
    const failedByRequest = await waitUntil('the Failed event', async () =>
      (await appEvents(since)).find((event) => event.to === 'Failed'),
    );
    expect(failedByRequest.message).toMatch(/Initiate Failure by alice; left Failed by its restart policy/);
    expect(isRunning(pid)).toBe(false);

    await cluster.command({ type: 'bring-resource-online', name: app }, 'alice');
    pid = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    since = await revision();
    process.kill(pid, 'SIGKILL');
    await cluster.waitFor(`${app} Failed`, (s) => resourceState(s, app) === 'Failed');
    const failed = await waitUntil('the Failed event', async () =>
      (await appEvents(since)).find((event) => event.to === 'Failed'),
    );
    expect(failed.kind).toBe('state');
    expect(failed.message).toMatch(/SIGKILL; left Failed by its restart policy/);
    // Nothing may bring it back by itself: it stays Failed with no process.
    await holdsFor(
      `${app} staying Failed`,
      async () => {
        const state = await cluster.state();
        const pids = applicationPids(cluster.dataDir, app);
        if (resourceState(state, app) !== 'Failed') return `resource is ${resourceState(state, app)}`;
        if (groupState(state, group) !== 'Failed') return `group is ${groupState(state, group)}`;
        return pids.length === 0 ? true : `processes ${pids.join(', ')} run`;
      },
      1500,
    );
    expect((await appEvents(since)).filter((event) => event.to === 'OnlinePending' || event.to === 'Online')).toEqual(
      [],
    );
  });

  it('bring-resource-online retries the Failed resource: a new process, Online again', async () => {
    await cluster.command({ type: 'bring-resource-online', name: app }, 'alice');
    const again = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(await nodeRunning(cluster, again)).toEqual(['OSDB_BACK']);
    pid = again;
  });

  it('past RestartThreshold with RestartAndFailover the group fails over to OSDB_SERV', async () => {
    await cluster.command(
      {
        type: 'set-resource-properties',
        name: app,
        common: { restartAction: 'RestartAndFailover', restartThreshold: 0 },
      },
      'alice',
    );
    const since = await revision();
    await cluster.command({ type: 'initiate-failure', name: app }, 'alice');
    const moved = await runningOn(cluster, group, app, 'OSDB_SERV', pid);
    expect(await nodeRunning(cluster, moved)).toEqual(['OSDB_SERV']);
    const failover = (await readEvents(cluster.store, { since, object: { kind: 'group', name: group } })).find(
      (event) => event.kind === 'failover',
    );
    expect(failover).toMatchObject({ from: 'OSDB_BACK', to: 'OSDB_SERV' });
    expect(startsIn(marker).at(-1)).toEqual({ node: 'OSDB_SERV', pid: moved });
    pid = moved;
  });

  it('a program that exits at once fails to come online, the reason naming its command line and exit code', async () => {
    await cluster.command(
      { type: 'create-group', name: 'BROKEN_GROUP', policy: { preferredOwners: ['OSDB_SERV'] } },
      'alice',
    );
    await cluster.command(
      {
        type: 'create-resource',
        name: 'Broken App',
        group: 'BROKEN_GROUP',
        resourceType: 'Generic Application',
        common: { restartAction: 'DontRestart' },
        private: { CommandLine: 'sh -c "echo cannot open config >&2; exit 3"' },
      },
      'alice',
    );
    const since = await revision();
    await cluster.command({ type: 'bring-group-online', name: 'BROKEN_GROUP' }, 'alice');
    await cluster.waitFor(
      'Broken App Failed',
      (s) => resourceState(s, 'Broken App') === 'Failed' && groupState(s, 'BROKEN_GROUP') === 'Failed',
    );
    const failed = await waitUntil('the Failed event', async () =>
      (await readEvents(cluster.store, { since, object: { kind: 'resource', name: 'Broken App' } })).find(
        (event) => event.to === 'Failed',
      ),
    );
    expect(failed.message).toMatch(/exited with code 3/);
    expect(failed.message).toMatch(/cannot open config/);
    expect(applicationPids(cluster.dataDir, 'Broken App')).toEqual([]);
  });

  it("kill -9 of the owner's wolfpackd: the program dies with it and the group comes online on the other node", async () => {
    const owner = groupOwner(await cluster.state(), group);
    expect(owner).toBe('OSDB_SERV');
    process.kill(await cluster.nodePid('OSDB_SERV'), 'SIGKILL');
    const moved = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
    expect(isRunning(pid)).toBe(false);
    expect(await nodeRunning(cluster, moved, ['OSDB_BACK'])).toEqual(['OSDB_BACK']);
    expect(startsIn(marker).at(-1)).toEqual({ node: 'OSDB_BACK', pid: moved });
  });
});
