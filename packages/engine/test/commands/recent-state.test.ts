/*
 * Commands decided on a recent copy of the state (the server's followed state) instead
 * of a fresh read: a copy that is behind must never make a command do the wrong thing or
 * be refused wrongly; it only costs a fresh read.
 */
import { CommandError, type GroupConfig } from '@wolfpack/contracts';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { executeCommand } from '../../src/commands/index.ts';
import { readGuardedState, type GuardedState } from '../../src/model/cluster-state.ts';
import { catalog, openTestCluster, type TestCluster } from './helpers.ts';

let cluster: TestCluster;
beforeEach(async () => {
  cluster = await openTestCluster();
});
afterEach(async () => {
  await cluster.close();
});

const withRecent = (recent: GuardedState, command: unknown) =>
  executeCommand(cluster.store, catalog, 'admin', command, { recentState: () => recent });

describe('deciding on a recent copy of the state', () => {
  test('a copy taken before a group was created does not refuse a resource in it', async () => {
    const before = await readGuardedState(cluster.store);
    await cluster.run({ type: 'create-group', name: 'APPS' });
    await withRecent(before, {
      type: 'create-resource',
      name: 'RUNNER',
      group: 'APPS',
      resourceType: 'Generic Application',
      private: { CommandLine: 'sleep 1' },
    });
    expect((await cluster.state()).resources.get('RUNNER')?.group).toBe('APPS');
  });

  test('a copy taken before a change the decision reads is decided again on the change', async () => {
    await cluster.run({ type: 'create-group', name: 'APPS' });
    const before = await readGuardedState(cluster.store);
    await cluster.run({
      type: 'create-resource',
      name: 'RUNNER',
      group: 'APPS',
      resourceType: 'Generic Application',
      private: { CommandLine: 'sleep 1' },
    });
    // On the copy APPS is empty and may be deleted; in the store it holds RUNNER.
    const refusal = await withRecent(before, { type: 'delete-group', name: 'APPS' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CommandError);
    expect((refusal as CommandError).message).toContain('RUNNER');
    expect((await cluster.state()).groups.has('APPS')).toBe(true);
  });

  test('a refusal that holds on a fresh read is final and audited once', async () => {
    const recent = await readGuardedState(cluster.store);
    const refusal = await withRecent(recent, { type: 'move-group', name: 'NOWHERE' }).catch((error: unknown) => error);
    expect((refusal as CommandError).code).toBe('not-found');
    const refusals = (await cluster.events()).filter((event) => event.result === 'refused');
    expect(refusals).toHaveLength(1);
  });

  test('a copy that is current commits as a fresh read would', async () => {
    await cluster.run({ type: 'create-group', name: 'APPS' });
    const recent = await readGuardedState(cluster.store);
    await withRecent(recent, { type: 'set-group-properties', name: 'APPS', description: 'the apps' });
    expect(((await cluster.state()).groups.get('APPS') as GroupConfig).description).toBe('the apps');
  });
});
