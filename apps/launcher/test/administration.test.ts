import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupOwner, groupState, nodeState, readEvents, resourceState, type ClusterState } from '@wolfpack/engine';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { applicationPids, isRunning } from '@wolfpack/testing/processes';
import { holdsFor } from '@wolfpack/testing/conditions';
import {
  leftoverProcesses,
  markerFileFor,
  nodeRunning,
  runningOn,
  sleeperProperties,
  startsIn,
  waitForNodesUp,
} from './harness/applications.ts';

// The everyday work of a failover cluster's administrator (Failover Cluster Manager,
// pcs): pin a resource to nodes, pause a node for maintenance, move groups, clean up,
// and read afterwards who did what in the cluster log.
describe('administering the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let startRevision = 0;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster();
    await waitForNodesUp(cluster);
    startRevision = (await cluster.state()).revision;
  }, 120_000);

  afterAll(async () => {
    const dataDir = cluster?.dataDir;
    await cluster?.stop();
    if (dataDir) expect(await leftoverProcesses(dataDir)).toEqual([]);
  });

  /** Creates a group with one sleeper, preferred owners as given, and brings it online. */
  async function onlineGroup(
    group: string,
    app: string,
    preferredOwners: string[],
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await cluster.command({ type: 'create-group', name: group, policy: { preferredOwners } }, 'alice');
    await cluster.command(
      {
        type: 'create-resource',
        name: app,
        group,
        resourceType: 'Generic Application',
        private: sleeperProperties(markerFileFor(cluster, app)),
        ...extra,
      },
      'alice',
    );
    await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
  }

  /** What must not change when a command is refused. */
  const snapshot = (state: ClusterState, group: string) => ({
    owner: groupOwner(state, group),
    epoch: state.placements.get(group)?.epoch,
    moveRequest: state.moveRequests.get(group),
    groupState: groupState(state, group),
  });

  describe('possible owners', () => {
    it('runs a resource whose only possible owner is OSDB_BACK there, though its group prefers OSDB_SERV', async () => {
      // The order of Failover Cluster Manager's wizard: the group first, then its resource.
      const group = 'PINNED_GROUP';
      const app = 'Pinned App';
      await onlineGroup(group, app, ['OSDB_SERV', 'OSDB_BACK'], { possibleOwners: ['OSDB_BACK'] });
      const pid = await runningOn(cluster, group, app, 'OSDB_BACK', undefined, 10_000);
      expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_BACK']);
      // It never started anywhere else.
      expect(startsIn(markerFileFor(cluster, app)).map((start) => start.node)).toEqual(['OSDB_BACK']);
    });

    describe('a group on its only possible owner', () => {
      const group = 'BACK_ONLY_GROUP';
      const app = 'Back Only App';

      it('runs on OSDB_BACK', async () => {
        await onlineGroup(group, app, ['OSDB_BACK'], { possibleOwners: ['OSDB_BACK'] });
        const pid = await runningOn(cluster, group, app, 'OSDB_BACK');
        expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_BACK']);
      });

      it('refuses moving it to OSDB_SERV, naming the possible-owner rule, and changes nothing', async () => {
        const before = await cluster.state();
        const [pid] = applicationPids(cluster.dataDir, app);
        await expect(
          cluster.command({ type: 'move-group', name: group, node: 'OSDB_SERV' }, 'alice'),
        ).rejects.toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(/OSDB_SERV is not a possible owner of resource Back Only App/),
        });
        // "Move to best possible node" has nowhere to go either.
        await expect(cluster.command({ type: 'move-group', name: group }, 'alice')).rejects.toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(/not a possible owner of resource Back Only App/),
        });
        const after = await cluster.state();
        expect(snapshot(after, group)).toEqual(snapshot(before, group));
        expect(after.moveRequests.has(group)).toBe(false);
        expect(applicationPids(cluster.dataDir, app)).toEqual([pid]);
      });

      it('refuses taking OSDB_BACK out of its possible owners while it runs there, and changes nothing', async () => {
        await expect(
          cluster.command({ type: 'set-resource-properties', name: app, possibleOwners: ['OSDB_SERV'] }, 'alice'),
        ).rejects.toMatchObject({
          code: 'conflict',
          fields: [expect.objectContaining({ path: 'possibleOwners' })],
          message: expect.stringMatching(/OSDB_BACK/),
        });
        expect((await cluster.state()).resources.get(app)?.possibleOwners).toEqual(['OSDB_BACK']);
      });
    });
  });

  describe('pausing nodes', () => {
    const group = 'MOVABLE_GROUP';
    const app = 'Movable App';
    let pid = 0;

    it('refuses a move to a Paused node, naming Paused, and changes nothing', async () => {
      await onlineGroup(group, app, ['OSDB_SERV', 'OSDB_BACK']);
      pid = await runningOn(cluster, group, app, 'OSDB_SERV');
      await cluster.command({ type: 'pause-node', name: 'OSDB_BACK' }, 'alice');
      await cluster.waitFor('OSDB_BACK Paused', (state) => nodeState(state, 'OSDB_BACK') === 'Paused');
      const before = await cluster.state();
      await expect(
        cluster.command({ type: 'move-group', name: group, node: 'OSDB_BACK' }, 'alice'),
      ).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/OSDB_BACK is Paused/),
      });
      expect(snapshot(await cluster.state(), group)).toEqual(snapshot(before, group));
      expect(applicationPids(cluster.dataDir, app)).toEqual([pid]);
    });

    it('moves the group once the node is resumed', async () => {
      await cluster.command({ type: 'resume-node', name: 'OSDB_BACK' }, 'alice');
      await cluster.waitFor('OSDB_BACK Up', (state) => nodeState(state, 'OSDB_BACK') === 'Up');
      await cluster.command({ type: 'move-group', name: group, node: 'OSDB_BACK' }, 'alice');
      const moved = await runningOn(cluster, group, app, 'OSDB_BACK', pid);
      expect(isRunning(pid)).toBe(false);
      expect(await nodeRunning(cluster, moved)).toEqual(['OSDB_BACK']);
      pid = moved;
    });

    it('pausing the owner leaves its group running there', async () => {
      await cluster.command({ type: 'pause-node', name: 'OSDB_BACK' }, 'alice');
      await cluster.waitFor('OSDB_BACK Paused', (state) => nodeState(state, 'OSDB_BACK') === 'Paused');
      await holdsFor(
        `${group} staying Online on the paused OSDB_BACK`,
        async () => {
          const state = await cluster.state();
          if (groupOwner(state, group) !== 'OSDB_BACK') return `owner is ${groupOwner(state, group)}`;
          if (groupState(state, group) !== 'Online')
            return `group is ${groupState(state, group)} (${JSON.stringify(state.resourceStatuses.get(app))})\n${cluster.output.slice(-30).join('\n')}`;
          const pids = applicationPids(cluster.dataDir, app);
          return pids.length === 1 && pids[0] === pid ? true : `processes are ${pids.join(', ')}`;
        },
        1500,
      );
    });

    it('a group can still be moved off the paused node; then the node is resumed', async () => {
      await cluster.command({ type: 'move-group', name: group }, 'alice');
      pid = await runningOn(cluster, group, app, 'OSDB_SERV', pid);
      expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_SERV']);
      await cluster.command({ type: 'resume-node', name: 'OSDB_BACK' }, 'alice');
      await cluster.waitFor('OSDB_BACK Up', (state) => nodeState(state, 'OSDB_BACK') === 'Up');
    });
  });

  describe('moving an offline group', () => {
    const group = 'IDLE_GROUP';
    const app = 'Idle App';

    it('changes its owner and starts nothing', async () => {
      await cluster.command({ type: 'create-group', name: group, policy: { preferredOwners: ['OSDB_SERV'] } }, 'alice');
      await cluster.command(
        {
          type: 'create-resource',
          name: app,
          group,
          resourceType: 'Generic Application',
          private: sleeperProperties(markerFileFor(cluster, app)),
        },
        'alice',
      );
      await cluster.waitFor(`${group} on OSDB_SERV`, (state) => groupOwner(state, group) === 'OSDB_SERV');
      await cluster.command({ type: 'move-group', name: group, node: 'OSDB_BACK' }, 'alice');
      const state = await cluster.waitFor(`${group} on OSDB_BACK`, (s) => groupOwner(s, group) === 'OSDB_BACK' && s);
      expect(groupState(state, group)).toBe('Offline');
      expect(applicationPids(cluster.dataDir, app)).toEqual([]);
      expect(startsIn(markerFileFor(cluster, app))).toEqual([]);
    });

    it('comes online on its new owner when brought online', async () => {
      await cluster.command({ type: 'bring-group-online', name: group }, 'alice');
      const pid = await runningOn(cluster, group, app, 'OSDB_BACK');
      expect(await nodeRunning(cluster, pid)).toEqual(['OSDB_BACK']);
    });
  });

  describe('deleting', () => {
    const group = 'SCRATCH_GROUP';
    const app = 'Scratch App';

    it('refuses to delete an online resource, and a group that still has resources', async () => {
      await onlineGroup(group, app, ['OSDB_SERV']);
      const pid = await runningOn(cluster, group, app, 'OSDB_SERV');
      await expect(cluster.command({ type: 'delete-resource', name: app }, 'alice')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/Scratch App is Online: take it offline first/),
      });
      await expect(cluster.command({ type: 'delete-group', name: group }, 'alice')).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/SCRATCH_GROUP still has resources Scratch App/),
      });
      const state = await cluster.state();
      expect(state.resources.has(app)).toBe(true);
      expect(state.groups.has(group)).toBe(true);
      expect(resourceState(state, app)).toBe('Online');
      expect(applicationPids(cluster.dataDir, app)).toEqual([pid]);
    });

    it('deletes the resource once it is offline, then the empty group', async () => {
      const [pid] = applicationPids(cluster.dataDir, app);
      await cluster.command({ type: 'take-resource-offline', name: app }, 'alice');
      await cluster.waitFor(`${app} Offline`, (state) => resourceState(state, app) === 'Offline');
      expect(isRunning(pid!)).toBe(false);
      await cluster.command({ type: 'delete-resource', name: app }, 'alice');
      await expect(cluster.command({ type: 'delete-group', name: group }, 'alice')).resolves.toBeDefined();
      const state = await cluster.state();
      expect(state.resources.has(app)).toBe(false);
      expect(state.groups.has(group)).toBe(false);
      expect(state.placements.has(group)).toBe(false);
      expect(applicationPids(cluster.dataDir, app)).toEqual([]);
    });
  });

  describe('the cluster event log', () => {
    it('holds every command with its actor, and every refusal with result refused and its reason', async () => {
      const events = await readEvents(cluster.store, { since: startRevision });
      const commands = events.filter((event) => event.kind === 'command');
      const by = (command: string, result: 'ok' | 'refused', name?: string) =>
        commands.filter(
          (event) =>
            event.command === command && event.result === result && (name === undefined || event.object.name === name),
        );

      expect(by('create-group', 'ok', 'PINNED_GROUP')).toEqual([
        expect.objectContaining({ actor: 'alice', message: 'created group PINNED_GROUP' }),
      ]);
      expect(by('pause-node', 'ok', 'OSDB_BACK')).toHaveLength(2);
      expect(by('resume-node', 'ok', 'OSDB_BACK')).toHaveLength(2);
      expect(by('delete-resource', 'ok', 'Scratch App')).toEqual([expect.objectContaining({ actor: 'alice' })]);
      expect(by('move-group', 'ok', 'MOVABLE_GROUP')).toEqual([
        expect.objectContaining({ actor: 'alice', to: 'OSDB_BACK' }),
        expect.objectContaining({ actor: 'alice', to: 'OSDB_SERV' }),
      ]);

      const refusedMoves = by('move-group', 'refused');
      expect(refusedMoves.map((event) => event.object.name)).toEqual([
        'BACK_ONLY_GROUP',
        'BACK_ONLY_GROUP',
        'MOVABLE_GROUP',
      ]);
      for (const event of refusedMoves) {
        expect(event.actor).toBe('alice');
        expect(event.message).toMatch(/^refused move-group /);
        expect(event.reason).toBeTruthy();
      }
      expect(refusedMoves[2]!.reason).toMatch(/OSDB_BACK is Paused/);
      expect(by('delete-resource', 'refused', 'Scratch App')).toEqual([
        expect.objectContaining({ actor: 'alice', reason: expect.stringMatching(/take it offline first/) }),
      ]);
      expect(by('delete-group', 'refused', 'SCRATCH_GROUP')).toEqual([
        expect.objectContaining({ actor: 'alice', reason: expect.stringMatching(/delete its resources first/) }),
      ]);

      // Every command of this file was alice's.
      expect(commands.filter((event) => event.actor !== 'alice')).toEqual([]);
      // The failover manager says whose request each move carried out.
      const moves = events.filter(
        (event) => event.kind === 'placement' && event.object.name === 'MOVABLE_GROUP' && event.reason === 'move',
      );
      expect(moves.map((event) => [event.to, event.actor])).toEqual([
        ['OSDB_BACK', 'alice'],
        ['OSDB_SERV', 'alice'],
      ]);
    });
  });
});
