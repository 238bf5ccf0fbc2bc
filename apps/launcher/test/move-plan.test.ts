import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, planStages, type WolfpackClient } from '@wolfpack/client';
import type { ClusterEventRecord, MovePlan } from '@wolfpack/contracts';
import { groupOwner, groupResources, resourceState, type ClusterState } from '@wolfpack/engine';
import { markerFileFor, sleeperProperties, waitForNodesUp } from './harness/applications.ts';
import { buildOnce } from '@wolfpack/testing/build';
import { waitUntil } from '@wolfpack/testing/conditions';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';

/*
 * What `wolfpack group move --dry-run` and the console's Move dialog show is what the move
 * then does: the dry run's steps, in its stages' order, are the transitions the event log
 * shows once the real move is made (over REST, through @wolfpack/client, as they ask).
 */

/** A step as the plan names it and as the event log shows it starting. */
const stepKey = (action: string, node: string, resource: string) => `${action} ${resource} on ${node}`;

/** The event that starts a step: the resource leaving for OfflinePending / OnlinePending on the step's node. */
const startedAs: Record<string, 'offline' | 'online'> = { OfflinePending: 'offline', OnlinePending: 'online' };

/**
 * The steps the event log shows for a move of `group`'s resources after `since`, in the
 * order they started (events are ordered by revision).
 */
function executedSteps(events: ClusterEventRecord[], resources: Set<string>): string[] {
  return events
    .filter(
      (event) =>
        event.object.kind === 'resource' &&
        resources.has(event.object.name) &&
        event.to !== undefined &&
        startedAs[event.to],
    )
    .sort((a, b) => a.revision - b.revision)
    .map((event) => stepKey(startedAs[event.to!]!, event.node ?? '?', event.object.name));
}

/**
 * Plan and log side by side: every planned step started exactly once, nothing else was
 * started, and each step's stage (planStages' order) is never earlier than the stage of
 * a step the log shows starting before it.
 */
function expectExecutionMatches(plan: MovePlan, executed: string[]): void {
  const stages = planStages(plan);
  const stageOf = new Map<string, number>();
  stages.forEach((stage, index) => {
    for (const resource of stage.resources) stageOf.set(stepKey(stage.action, stage.node, resource), index);
  });
  expect([...executed].sort(), "the steps the event log shows, against the dry run's").toEqual(
    [...stageOf.keys()].sort(),
  );
  const order = executed.map((step) => `${stageOf.get(step)}: ${step}`);
  const inPlanOrder = [...executed]
    .sort((a, b) => stageOf.get(a)! - stageOf.get(b)!)
    .map((step) => `${stageOf.get(step)}: ${step}`);
  expect(
    order,
    "the order the event log shows the steps starting in (stage: step), against the dry run's stages",
  ).toEqual(inPlanOrder);
}

/** Every resource of the group settled on `node`: Online there, or Failed there for those in `failed`. */
function settledOn(state: ClusterState, group: string, node: string, failed: string[] = []): boolean {
  if (groupOwner(state, group) !== node) return false;
  return groupResources(state, group).every((resource) => {
    const status = state.resourceStatuses.get(resource.name);
    return (
      status?.node === node &&
      resourceState(state, resource.name) === (failed.includes(resource.name) ? 'Failed' : 'Online')
    );
  });
}

describe('a dry-run move plans the steps the move then takes, in the same order', () => {
  const password = 'move-plan-test-password';
  let cluster: EmbeddedCluster;
  let client: WolfpackClient;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster({ WOLFPACK_ADMIN_PASSWORD: password });
    const console = await waitUntil(
      'the console address',
      () => cluster.output.map((line) => /Console: (\S+)/.exec(line)?.[1]).find(Boolean),
      60_000,
    );
    client = await connect({ url: console.replace(/\/+$/, ''), username: 'admin', password });
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  /** Dry run, check it changed nothing, move for real; resolves to the plan and the log of the move. */
  async function planThenMove(
    group: string,
    node: string,
    failed: string[] = [],
  ): Promise<{ plan: MovePlan; executed: string[] }> {
    const before = await cluster.state();
    const { plan } = (await client.groups.move(group, { node, dryRun: true })) as { plan: MovePlan };
    const after = await cluster.state();
    expect(after.placements.get(group), 'a dry run changes no placement').toEqual(before.placements.get(group));
    expect(after.moveRequests.has(group), 'a dry run asks for no move').toBe(false);

    const since = after.revision;
    await client.groups.move(group, { node });
    await cluster.waitFor(`${group} settled on ${node}`, (state) => settledOn(state, group, node, failed));
    const resources = new Set(groupResources(await cluster.state(), group).map((resource) => resource.name));
    const events = await client.events.list({ since, limit: 1000 });
    return { plan, executed: executedSteps(events, resources) };
  }

  it('with the seed group SOCKET_GROUP: offline on OSDB_SERV dependents first, online on OSDB_BACK providers first', async () => {
    await cluster.waitFor('SOCKET_GROUP Online on OSDB_SERV', (state) => settledOn(state, 'SOCKET_GROUP', 'OSDB_SERV'));
    const { plan, executed } = await planThenMove('SOCKET_GROUP', 'OSDB_BACK');
    expectExecutionMatches(plan, executed);
    expect(plan).toMatchObject({ group: 'SOCKET_GROUP', fromNode: 'OSDB_SERV', toNode: 'OSDB_BACK' });
    // Four resources, each taken offline and brought online once: the plan is not empty.
    expect(plan.steps).toHaveLength(8);
  });

  it('with a group holding a Failed resource: the Failed one is not taken offline, and is tried again on the new node', async () => {
    const group = 'HALF_BROKEN';
    await cluster.command({
      type: 'create-group',
      name: group,
      policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] },
    });
    await cluster.command({
      type: 'create-resource',
      name: 'Base App',
      group,
      resourceType: 'Generic Application',
      private: sleeperProperties(markerFileFor(cluster, 'Base App')),
    });
    // Exits at once, and is left Failed by its restart policy: the group holds a Failed resource.
    await cluster.command({
      type: 'create-resource',
      name: 'Broken App',
      group,
      resourceType: 'Generic Application',
      common: { restartAction: 'DontRestart' },
      private: { CommandLine: 'sh -c "echo missing configuration >&2; exit 2"' },
    });
    await cluster.command({ type: 'add-dependency', name: 'Broken App', provider: 'Base App' });
    await cluster.command({
      type: 'create-resource',
      name: 'Top App',
      group,
      resourceType: 'Generic Application',
      private: sleeperProperties(markerFileFor(cluster, 'Top App')),
    });
    await cluster.command({ type: 'add-dependency', name: 'Top App', provider: 'Base App' });
    await cluster.command({ type: 'bring-group-online', name: group });
    await cluster.waitFor(`${group} on OSDB_SERV with Broken App Failed`, (state) =>
      settledOn(state, group, 'OSDB_SERV', ['Broken App']),
    );

    const { plan, executed } = await planThenMove(group, 'OSDB_BACK', ['Broken App']);
    expectExecutionMatches(plan, executed);
    expect(
      plan.steps
        .filter((step) => step.action === 'offline')
        .map((step) => step.resource)
        .sort(),
    ).toEqual(['Base App', 'Top App']);
    expect(
      plan.steps
        .filter((step) => step.action === 'online')
        .map((step) => step.resource)
        .sort(),
    ).toEqual(['Base App', 'Broken App', 'Top App']);
  });
});
