import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupResources, groupState, nodeState, readEvents, resourceState } from '@wolfpack/engine';
import {
  leftoverProcesses,
  markerFileFor,
  runningOn,
  sleeperProperties,
  startsIn,
  waitForNodesUp,
} from './harness/applications.ts';
import { buildOnce } from '@wolfpack/testing/build';
import { applicationPids } from '@wolfpack/testing/processes';
import { holdsFor, waitUntil } from '@wolfpack/testing/conditions';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { freeze, thaw as thawProcess } from '@wolfpack/testing/freeze';

/*
 * A group's own policy, in a real cluster: FailoverThreshold within FailoverPeriod, and
 * AutoFailback inside its window only. The resources are Generic Applications (a sleeper
 * that notes each start), so every start and every process is visible from outside.
 */
describe('group policies in a real cluster', () => {
  let cluster: EmbeddedCluster;
  let frozenPid = 0;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    await waitForNodesUp(cluster);
  }, 120_000);

  afterEach(() => thaw());

  afterAll(async () => {
    const dataDir = cluster?.dataDir;
    await cluster?.stop();
    if (dataDir) expect(await leftoverProcesses(dataDir)).toEqual([]);
  });

  function thaw(): void {
    if (!frozenPid) return;
    thawProcess(frozenPid);
    frozenPid = 0;
  }

  /** A group of one sleeper, Online on its first preferred owner; resolves to the sleeper's pid. */
  async function sleeperGroup(
    group: string,
    app: string,
    policy: Record<string, unknown>,
    common: Record<string, unknown> = {},
  ): Promise<number> {
    await cluster.command({
      type: 'create-group',
      name: group,
      policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'], ...policy },
    });
    await cluster.command({
      type: 'create-resource',
      name: app,
      group,
      resourceType: 'Generic Application',
      common,
      private: sleeperProperties(markerFileFor(cluster, app)),
    });
    await cluster.command({ type: 'bring-group-online', name: group });
    return runningOn(cluster, group, app, 'OSDB_SERV');
  }

  it('FailoverThreshold 2 within FailoverPeriod: the third failure leaves the group Failed, running nowhere, and nothing starts it again', async () => {
    const group = 'THRESHOLD_GROUP';
    const app = 'Crashing App';
    // No restart in place: every crash asks for the group to fail over.
    let pid = await sleeperGroup(
      group,
      app,
      { failoverThreshold: 2, failoverPeriodMs: 3_600_000 },
      { restartAction: 'RestartAndFailover', restartThreshold: 0 },
    );
    const since = (await cluster.state()).revision;

    // Two crashes: two failovers, each to the other node.
    for (const to of ['OSDB_BACK', 'OSDB_SERV']) {
      process.kill(pid, 'SIGKILL');
      pid = await runningOn(cluster, group, app, to, pid);
    }
    // The third: past the threshold.
    process.kill(pid, 'SIGKILL');
    await cluster.waitFor(
      `${group} Failed`,
      (state) => groupState(state, group) === 'Failed' && resourceState(state, app) === 'Failed',
    );
    const stays = await waitUntil('the event saying the group stays Failed', async () =>
      (await readEvents(cluster.store, { since, object: { kind: 'group', name: group } })).find((event) =>
        event.message.includes('stays Failed'),
      ),
    );
    expect(stays.message).toMatch(
      /THRESHOLD_GROUP stays Failed on OSDB_SERV: .* at most 2 times within 1 h \(FailoverThreshold\)/,
    );

    // Nothing brings it online anywhere: no process, no resource active on any node, no new start.
    const starts = startsIn(markerFileFor(cluster, app)).length;
    expect(starts).toBe(3);
    await holdsFor(
      `${group} staying Failed and running nowhere`,
      async () => {
        const state = await cluster.state();
        const pids = applicationPids(cluster.dataDir, app);
        if (pids.length > 0) return `processes ${pids.join(', ')} run`;
        const active = groupResources(state, group).filter(
          (resource) => resourceState(state, resource.name) !== 'Failed',
        );
        if (active.length > 0)
          return `${active.map((resource) => `${resource.name} is ${resourceState(state, resource.name)}`).join(', ')}`;
        if (groupState(state, group) !== 'Failed') return `group is ${groupState(state, group)}`;
        const started = startsIn(markerFileFor(cluster, app)).length;
        return started === starts ? true : `started again (${started} starts)`;
      },
      5000,
    );
    const failovers = (await readEvents(cluster.store, { since, object: { kind: 'group', name: group } })).filter(
      (event) => event.kind === 'failover' && event.to !== undefined,
    );
    expect(failovers.map((event) => `${event.from} → ${event.to}`)).toEqual([
      'OSDB_SERV → OSDB_BACK',
      'OSDB_BACK → OSDB_SERV',
    ]);
  });

  it('AutoFailback with a window: when the preferred owner is back, the group inside its window fails back, the one outside stays', async () => {
    // Windows in the nodes' local hours (the test's and the cluster's processes share TZ):
    // "inside" holds this hour and the next, "outside" starts 3 h from now, so neither
    // changes side while the test runs, whatever the time of day.
    const hour = new Date().getHours();
    const inside = { startHour: hour, endHour: (hour + 2) % 24 };
    const outside = { startHour: (hour + 3) % 24, endHour: (hour + 5) % 24 };
    const insidePid = await sleeperGroup('FAILBACK_INSIDE', 'Inside App', {
      autoFailback: 'Allow',
      failbackWindow: inside,
    });
    const outsidePid = await sleeperGroup('FAILBACK_OUTSIDE', 'Outside App', {
      autoFailback: 'Allow',
      failbackWindow: outside,
    });

    // OSDB_SERV goes away (frozen past its lease): both groups fail over to OSDB_BACK.
    frozenPid = await cluster.nodePid('OSDB_SERV');
    freeze(frozenPid);
    await runningOn(cluster, 'FAILBACK_INSIDE', 'Inside App', 'OSDB_BACK', insidePid);
    await runningOn(cluster, 'FAILBACK_OUTSIDE', 'Outside App', 'OSDB_BACK', outsidePid);

    // It comes back.
    const since = (await cluster.state()).revision;
    thaw();
    await cluster.waitFor('OSDB_SERV Up again', (state) => nodeState(state, 'OSDB_SERV') === 'Up');
    await runningOn(cluster, 'FAILBACK_INSIDE', 'Inside App', 'OSDB_SERV');
    const events = await readEvents(cluster.store, { since, object: { kind: 'group', name: 'FAILBACK_INSIDE' } });
    expect(events.find((event) => event.reason === 'failback')?.message).toBe(
      'FAILBACK_INSIDE failed back from OSDB_BACK to OSDB_SERV, a preferred owner',
    );

    // The manager has decided since OSDB_SERV came back (it failed the other group back);
    // the group outside its window stays where it is.
    await holdsFor(
      'FAILBACK_OUTSIDE staying Online on OSDB_BACK',
      async () => {
        const state = await cluster.state();
        const owner = groupOwner(state, 'FAILBACK_OUTSIDE');
        if (owner !== 'OSDB_BACK') return `owner is ${owner}`;
        return groupState(state, 'FAILBACK_OUTSIDE') === 'Online'
          ? true
          : `group is ${groupState(state, 'FAILBACK_OUTSIDE')}`;
      },
      5000,
    );
    expect(
      (await readEvents(cluster.store, { since, object: { kind: 'group', name: 'FAILBACK_OUTSIDE' } })).filter(
        (event) => event.reason === 'failback',
      ),
    ).toEqual([]);
  });
});
