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
    expect(stories[0]!.headline).toMatch(
      /^operator moved SOCKET_GROUP from OSDB_BACK to OSDB_SERV; Online there after \d+(\.\d)? (ms|s)$/,
    );
  });

  it('a process failure: what failed where and why, restarted in place, how long', () => {
    expect(stories[1]!.headline).toMatch(
      /^Chat Server failed on OSDB_SERV \(Chat Server "Chat Server": chat process \d+ was killed by SIGKILL\); restarted on OSDB_SERV; Online again after .+$/,
    );
    expect(stories[1]!.tone).toBe('recovered');
  });

  it('a node failure: the node, where the group went, how long until Online there', () => {
    const failover = stories[2]!;
    expect(failover.headline).toMatch(
      /^Node OSDB_SERV went Down; SOCKET_GROUP failed over to OSDB_BACK; Online there after \d+(\.\d)? s$/,
    );
    expect(failover.steps.some((step) => step.text === 'node OSDB_SERV is Down')).toBe(true);
    expect(failover.steps.at(-1)?.text).toBe('group SOCKET_GROUP is Online on OSDB_BACK');
    expect(failover.durationMs).toBe(failover.steps.at(-1)!.time - failover.startedAt);
  });

  it('a story still going on says so', () => {
    const partial = events.filter((event) => event.revision <= 224);
    const last = tellStories(partial, groupOf, partial.at(-1)!.time + 1000).at(-1)!;
    expect(last.open).toBe(true);
    expect(last.headline.endsWith('…')).toBe(true);
    // Two minutes without news: over, whatever it was.
    const later = tellStories(partial, groupOf, partial.at(-1)!.time + 180_000).at(-1)!;
    expect(later.open).toBe(false);
    expect(later.headline.endsWith('…')).toBe(false);
  });

  it('a node failure that moved many groups is one story', () => {
    const failover = (group: string, revision: number, time: number): ClusterEventRecord => ({
      revision,
      time,
      kind: 'failover',
      object: { kind: 'group', name: group },
      message: `${group} failed over from N1 to N2: node N1 is Down`,
      from: 'N1',
      to: 'N2',
      node: 'N2',
      reason: 'node-down',
    });
    const online = (group: string, revision: number, time: number): ClusterEventRecord => ({
      revision,
      time,
      kind: 'state',
      object: { kind: 'group', name: group },
      message: `group ${group} is Online on N2`,
      from: 'Pending',
      to: 'Online',
      node: 'N2',
    });
    const log = [
      failover('G1', 1, 1000),
      failover('G2', 2, 1001),
      failover('G3', 3, 1002),
      online('G1', 4, 2000),
      online('G2', 5, 2500),
      online('G3', 6, 3500),
    ];
    const told = tellStories(log, () => undefined, 4000);
    expect(told).toHaveLength(1);
    expect(told[0]!.headline).toBe('Node N1 went Down; 3 groups failed over (3 to N2); all Online after 2.5 s');
    expect(told[0]!.groups).toEqual(['G1', 'G2', 'G3']);
    const partly = tellStories(log.slice(0, 4), () => undefined, 2100);
    expect(partly[0]!.headline).toBe('Node N1 went Down; 3 groups failed over (3 to N2); 1 of 3 Online so far…');
  });
});

describe('eventMatches', () => {
  it("a group filter takes its resources' events; a node filter what happened there", () => {
    const byGroup = events.filter((e) => eventMatches(e, { kind: 'group', name: 'SOCKET_GROUP' }, groupOf));
    expect(byGroup.length).toBe(events.length - events.filter((e) => e.object.kind === 'node').length);
    const byResource = events.filter((e) => eventMatches(e, { kind: 'resource', name: 'Chat Disk' }, groupOf));
    expect(byResource.every((e) => e.object.name === 'Chat Disk')).toBe(true);
    const byNode = events.filter((e) => eventMatches(e, { kind: 'node', name: 'OSDB_SERV' }, groupOf));
    expect(byNode.some((e) => e.object.kind === 'node')).toBe(true);
    expect(
      byNode.every(
        (e) =>
          e.node === 'OSDB_SERV' || e.from === 'OSDB_SERV' || e.to === 'OSDB_SERV' || e.object.name === 'OSDB_SERV',
      ),
    ).toBe(true);
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
