import type { ResourceConfig, ResourceState } from '@wolfpack/contracts';
import { describe, expect, it } from 'vitest';
import { onlineTargets, planGroupStep } from '../../src/policy/group-reconcile.ts';
import { cluster } from '../model/cluster-builder.ts';

/** The seed group: Chat Server needs IP, Name and Disk; Name needs IP. */
const seed = (persistent: Record<string, 'Online' | 'Offline'> = {}): ResourceConfig[] => {
  const state = cluster()
    .group('G')
    .resource('IP', 'G', { persistentState: persistent.IP ?? 'Online' })
    .resource('Name', 'G', { dependencies: ['IP'], persistentState: persistent.Name ?? 'Online' })
    .resource('Disk', 'G', { persistentState: persistent.Disk ?? 'Online' })
    .resource('Chat', 'G', { dependencies: ['IP', 'Name', 'Disk'], persistentState: persistent.Chat ?? 'Online' })
    .build();
  return [...state.resources.values()];
};
const observe = (states: Record<string, ResourceState>) => new Map(Object.entries(states));

describe('onlineTargets', () => {
  it('nothing when the group is not owned here', () => {
    expect([...onlineTargets(seed(), false)]).toEqual([]);
  });

  it('a resource meant Offline takes its dependents with it', () => {
    expect([...onlineTargets(seed({ IP: 'Offline' }), true)].sort()).toEqual(['Disk']);
    expect([...onlineTargets(seed({ Name: 'Offline' }), true)].sort()).toEqual(['Disk', 'IP']);
  });
});

describe('planGroupStep', () => {
  it.each([
    ['from cold: both roots in parallel', {}, ['Disk', 'IP'], []],
    ['IP up: Name may start, Disk still starting', { IP: 'Online', Disk: 'OnlinePending' }, ['Name'], []],
    ['all providers up: Chat', { IP: 'Online', Name: 'Online', Disk: 'Online' }, ['Chat'], []],
    ['all up: nothing', { IP: 'Online', Name: 'Online', Disk: 'Online', Chat: 'Online' }, [], []],
    ['pending left alone', { IP: 'OnlinePending', Disk: 'OfflinePending' }, [], []],
    ['failed not brought online', { IP: 'Failed', Disk: 'Failed' }, [], []],
  ] as [string, Record<string, ResourceState>, string[], string[]][])(
    'owned, %s',
    (_name, observed, bringOnline, takeOffline) => {
      expect(planGroupStep({ resources: seed(), observed: observe(observed), ownedHere: true })).toEqual({
        bringOnline,
        takeOffline,
      });
    },
  );

  it.each([
    ['all up: dependents first', { IP: 'Online', Name: 'Online', Disk: 'Online', Chat: 'Online' }, ['Chat']],
    ['Chat stopping: wait', { IP: 'Online', Name: 'Online', Disk: 'Online', Chat: 'OfflinePending' }, []],
    ['Chat down: Name and Disk in parallel', { IP: 'Online', Name: 'Online', Disk: 'Online' }, ['Disk', 'Name']],
    ['Chat failed counts as down', { IP: 'Online', Name: 'Online', Disk: 'Online', Chat: 'Failed' }, ['Disk', 'Name']],
    ['only IP left', { IP: 'Online' }, ['IP']],
    ['nothing online', {}, []],
  ] as [string, Record<string, ResourceState>, string[]][])('not owned, %s', (_name, observed, takeOffline) => {
    expect(planGroupStep({ resources: seed(), observed: observe(observed), ownedHere: false })).toEqual({
      bringOnline: [],
      takeOffline,
    });
  });

  it('a resource taken offline by the administrator takes its dependents down first', () => {
    const all = observe({ IP: 'Online', Name: 'Online', Disk: 'Online', Chat: 'Online' });
    expect(planGroupStep({ resources: seed({ Name: 'Offline' }), observed: all, ownedHere: true })).toEqual({
      bringOnline: [],
      takeOffline: ['Chat'],
    });
    all.set('Chat', 'Offline');
    expect(planGroupStep({ resources: seed({ Name: 'Offline' }), observed: all, ownedHere: true })).toEqual({
      bringOnline: [],
      takeOffline: ['Name'],
    });
  });

  it('a dependent whose provider failed goes offline (and is not restarted until the provider is back)', () => {
    const observed = observe({ IP: 'Failed', Name: 'Online', Disk: 'Online', Chat: 'Online' });
    expect(planGroupStep({ resources: seed(), observed, ownedHere: true })).toEqual({
      bringOnline: [],
      takeOffline: ['Chat'],
    });
    observed.set('Chat', 'Offline');
    expect(planGroupStep({ resources: seed(), observed, ownedHere: true })).toEqual({
      bringOnline: [],
      takeOffline: ['Name'],
    });
    observed.set('Name', 'Offline');
    expect(planGroupStep({ resources: seed(), observed, ownedHere: true })).toEqual({
      bringOnline: [],
      takeOffline: [],
    });
  });

  it('walks a group up and down to a fixed point, never starting a resource before its providers', () => {
    const resources = seed();
    const observed = new Map<string, ResourceState>();
    const started: string[] = [];
    for (let pass = 0; pass < 10; pass++) {
      const step = planGroupStep({ resources, observed, ownedHere: true });
      for (const name of step.bringOnline) {
        for (const provider of resources.find((r) => r.name === name)!.dependencies)
          expect(observed.get(provider)).toBe('Online');
        observed.set(name, 'Online');
        started.push(name);
      }
    }
    expect(started).toEqual(['Disk', 'IP', 'Name', 'Chat']);
    const stopped: string[] = [];
    for (let pass = 0; pass < 10; pass++) {
      for (const name of planGroupStep({ resources, observed, ownedHere: false }).takeOffline) {
        observed.set(name, 'Offline');
        stopped.push(name);
      }
    }
    expect(stopped).toEqual(['Chat', 'Disk', 'Name', 'IP']);
  });
});
