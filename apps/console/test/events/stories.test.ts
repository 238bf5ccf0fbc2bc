import { describe, expect, it } from 'vitest';
import type { ClusterEventRecord } from '@wolfpack/contracts';
import { eventMatches } from '../../src/events/event-filter.ts';
import { formatDuration, shortReason, tellStories } from '../../src/events/stories.ts';
import seedEvents from './seed-cluster-events.json' with { type: 'json' };

// Recorded from the seed cluster: an operator moves SOCKET_GROUP, the chat process is
// killed (restart), then OSDB_SERV's wolfpackd is killed (node-down failover).
const events = seedEvents as ClusterEventRecord[];
const groupOf = (resource: string) => (resource.startsWith('Chat ') ? 'SOCKET_GROUP' : undefined);

describe('tellStories', () => {
  const stories = tellStories(events, groupOf);

  it('tells the move, the restart and the failover apart, in order', () => {
    expect(stories.map((s) => s.kind)).toEqual(['move', 'failure', 'node-down']);
    expect(stories.every((s) => !s.open)).toBe(true);
  });

  it('a move: who, from where, to where, how long', () => {
    expect(stories[0]!.headline).toMatch(/^operator moved SOCKET_GROUP from OSDB_BACK to OSDB_SERV; Online there after \d+(\.\d)? (ms|s)$/);
  });

  it('a process failure: what failed where and why, restarted in place, how long', () => {
    expect(stories[1]!.headline).toMatch(/^Chat Server failed on OSDB_SERV \(Chat Server "Chat Server": chat process \d+ was killed by SIGKILL\); restarted on OSDB_SERV; Online again after .+$/);
    expect(stories[1]!.tone).toBe('recovered');
  });

  it('a node failure: the node, where the group went, how long until Online there', () => {
    const failover = stories[2]!;
    expect(failover.headline).toMatch(/^Node OSDB_SERV went Down; SOCKET_GROUP failed over to OSDB_BACK; Online there after \d+(\.\d)? s$/);
    expect(failover.steps.some((step) => step.text === 'node OSDB_SERV is Down')).toBe(true);
    expect(failover.steps.at(-1)?.text).toBe('group SOCKET_GROUP is Online on OSDB_BACK');
    expect(failover.durationMs).toBe(failover.steps.at(-1)!.time - failover.startedAt);
  });

  it('a story still going on says so', () => {
    const partial = events.filter((event) => event.revision <= 224);
    const last = tellStories(partial, groupOf).at(-1)!;
    expect(last.open).toBe(true);
    expect(last.headline.endsWith('…')).toBe(true);
  });
});

describe('eventMatches', () => {
  it('a group filter takes its resources\' events; a node filter what happened there', () => {
    const byGroup = events.filter((e) => eventMatches(e, { kind: 'group', name: 'SOCKET_GROUP' }, groupOf));
    expect(byGroup.length).toBe(events.length - events.filter((e) => e.object.kind === 'node').length);
    const byResource = events.filter((e) => eventMatches(e, { kind: 'resource', name: 'Chat Disk' }, groupOf));
    expect(byResource.every((e) => e.object.name === 'Chat Disk')).toBe(true);
    const byNode = events.filter((e) => eventMatches(e, { kind: 'node', name: 'OSDB_SERV' }, groupOf));
    expect(byNode.some((e) => e.object.kind === 'node')).toBe(true);
    expect(byNode.every((e) => e.node === 'OSDB_SERV' || e.from === 'OSDB_SERV' || e.to === 'OSDB_SERV' || e.object.name === 'OSDB_SERV')).toBe(true);
  });
});

describe('wording', () => {
  it('durations and reasons as people read them', () => {
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(2340)).toBe('2.3 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
    expect(shortReason('process exited with code 1; restarting (failure 1 of 4)')).toBe('process exited with code 1');
    expect(shortReason('x'.repeat(200))?.length).toBe(90);
  });
});
