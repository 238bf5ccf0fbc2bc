import type { ClusterEventRecord } from '@wolfpack/contracts';

/** One line of a story, with its time since the story began. */
export interface StoryStep {
  revision: number;
  time: number;
  sinceStartMs: number;
  text: string;
}

/** A failure, failover, restart or move told as one short story. */
export interface Story {
  id: string;
  kind: 'failure' | 'node-down' | 'move' | 'failback';
  group: string;
  /** A node's failure told once for all the groups it moved (empty for one group). */
  groups: string[];
  headline: string;
  /** Still going on: the group is not Online (or settled) yet. */
  open: boolean;
  tone: 'failure' | 'recovered' | 'info';
  startedAt: number;
  /** From the first event to the group being Online again, when it is. */
  durationMs: number | undefined;
  steps: StoryStep[];
}

interface Incident {
  story: Story;
  cause?: { resource?: string; node?: string; why?: string; actor?: string };
  from?: string;
  to?: string;
  restarted: boolean;
  staysFailed: boolean;
  lastTime: number;
  settled: boolean;
}

/** Events more than this apart belong to different stories. */
const storyGapMs = 120_000;

/** "2.3 s", "1 min 5 s": how long it took, as people say it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The first clause of a reason ("process exited with code 1; restarting (…)" → "process exited with code 1"), at most 90 characters. */
export function shortReason(reason: string | undefined): string | undefined {
  const first = reason?.split(';')[0]?.trim();
  if (!first) return undefined;
  return first.length > 90 ? `${first.slice(0, 89)}…` : first;
}

function headline(incident: Incident): string {
  const { story, cause, from, to } = incident;
  const group = story.group;
  const parts: string[] = [];
  if (story.kind === 'move')
    parts.push(`${cause?.actor ?? 'Someone'} moved ${group}${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`);
  else if (story.kind === 'failback')
    parts.push(`${group} failed back${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`);
  else if (story.kind === 'node-down') {
    parts.push(`Node ${cause?.node ?? from ?? '?'} went Down`);
    if (to) parts.push(`${group} failed over to ${to}`);
  } else {
    const where = cause?.node ? ` on ${cause.node}` : '';
    const why = cause?.why ? ` (${cause.why})` : '';
    parts.push(
      cause?.actor
        ? `${cause.actor} initiated a failure of ${cause.resource}`
        : `${cause?.resource ?? group} failed${where}${why}`,
    );
    if (to && to !== cause?.node) parts.push(`${group} failed over to ${to}`);
    else if (incident.restarted) parts.push(`restarted on ${cause?.node ?? 'the same node'}`);
  }
  if (incident.staysFailed) parts.push(`${group} stays Failed`);
  else if (story.durationMs !== undefined)
    parts.push(
      `Online${to && story.kind !== 'failure' ? ' there' : to && to !== cause?.node ? ` on ${to}` : ' again'} after ${formatDuration(story.durationMs)}`,
    );
  else if (story.open) parts.push('…');
  return parts.join('; ');
}

/**
 * The event log as stories: what failed, whether it was restarted or moved, where to, and
 * how long until its group was Online again. `groupOf` maps a resource to its group (the
 * live cluster's view). A story with no news for two minutes is over, told or not. A node
 * failure that moved many groups is one story. Oldest first; pure.
 */
export function tellStories(
  events: readonly ClusterEventRecord[],
  groupOf: (resource: string) => string | undefined,
  now = Date.now(),
): Story[] {
  const stories: Story[] = [];
  const open = new Map<string, Incident>();
  const downNodes = new Map<string, ClusterEventRecord>();

  const start = (group: string, kind: Story['kind'], event: ClusterEventRecord, cause: Incident['cause']): Incident => {
    const incident: Incident = {
      story: {
        id: `${group}@${event.revision}:${event.time}`,
        kind,
        group,
        groups: [],
        headline: '',
        open: true,
        tone: kind === 'move' || kind === 'failback' ? 'info' : 'failure',
        startedAt: event.time,
        durationMs: undefined,
        steps: [],
      },
      restarted: false,
      staysFailed: false,
      lastTime: event.time,
      settled: false,
      ...(cause ? { cause } : {}),
    };
    open.set(group, incident);
    stories.push(incident.story);
    return incident;
  };
  const step = (incident: Incident, event: ClusterEventRecord) => {
    incident.story.steps.push({
      revision: event.revision,
      time: event.time,
      sinceStartMs: event.time - incident.story.startedAt,
      text: event.message,
    });
    incident.lastTime = event.time;
  };
  const current = (group: string, time: number) => {
    const incident = open.get(group);
    if (!incident) return undefined;
    if (time - incident.lastTime > storyGapMs || (incident.settled && time - incident.lastTime > 15_000)) {
      open.delete(group);
      return undefined;
    }
    return incident;
  };

  for (const event of events) {
    const objectGroup =
      event.object.kind === 'group'
        ? event.object.name
        : event.object.kind === 'resource'
          ? groupOf(event.object.name)
          : undefined;
    if (event.kind === 'node' && event.to === 'Down') {
      // The manager may log the failover just before the node's own transition.
      const told = [...open.values()].filter(
        (i) =>
          i.story.kind === 'node-down' && i.cause?.node === event.object.name && event.time - i.lastTime < storyGapMs,
      );
      for (const incident of told) step(incident, event);
      if (told.length === 0) downNodes.set(event.object.name, event);
      continue;
    }
    if (!objectGroup) continue;
    let incident = current(objectGroup, event.time);
    const placement = event.kind === 'placement' || event.kind === 'failover';

    if (
      event.kind === 'command' &&
      event.result === 'ok' &&
      (event.command === 'move-group' || event.command === 'initiate-failure')
    ) {
      const kind = event.command === 'move-group' ? 'move' : 'failure';
      const cause =
        kind === 'move'
          ? { actor: event.actor ?? 'someone' }
          : { actor: event.actor ?? 'someone', resource: event.object.name };
      incident = start(objectGroup, kind, event, cause);
      if (event.to) incident.to = event.to;
    } else if (event.object.kind === 'resource' && event.to === 'Failed' && (!incident || incident.settled)) {
      incident = start(objectGroup, 'failure', event, {
        resource: event.object.name,
        ...(event.node ? { node: event.node } : {}),
        ...(shortReason(event.reason) ? { why: shortReason(event.reason)! } : {}),
      });
    } else if (placement && (!incident || incident.settled) && event.reason !== 'initial') {
      const down = event.from ? downNodes.get(event.from) : undefined;
      const kind: Story['kind'] =
        event.reason === 'node-down'
          ? 'node-down'
          : event.reason === 'failback'
            ? 'failback'
            : event.reason === 'move'
              ? 'move'
              : 'failure';
      const first = kind === 'node-down' && down && event.time - down.time < storyGapMs ? down : event;
      incident = start(objectGroup, kind, first, {
        ...(event.from ? { node: event.from } : {}),
        ...(event.actor ? { actor: event.actor } : {}),
      });
      if (first !== event) step(incident, first);
    }
    if (!incident) continue;
    if (
      incident.cause?.resource === event.object.name &&
      incident.cause.actor &&
      event.to === 'Failed' &&
      event.node &&
      !incident.cause.node
    )
      incident.cause.node = event.node;
    if (event.kind === 'restart') incident.restarted = true;
    if (placement) {
      if (event.message.includes('stays Failed')) incident.staysFailed = true;
      if (event.from) incident.from = event.from;
      if (event.to) incident.to = event.to;
    }
    step(incident, event);
    const groupOnline = event.object.kind === 'group' && event.kind === 'state' && event.to === 'Online';
    const resourceBack =
      incident.story.kind === 'failure' && event.object.name === incident.cause?.resource && event.to === 'Online';
    if (groupOnline || resourceBack) {
      incident.story.durationMs = event.time - incident.story.startedAt;
      incident.story.open = false;
      incident.settled = true;
      if (incident.story.tone === 'failure') incident.story.tone = 'recovered';
    }
    if (incident.staysFailed) {
      incident.story.open = false;
      incident.settled = true;
    }
    incident.story.headline = headline(incident);
  }
  for (const incident of open.values()) {
    if (incident.story.open && now - incident.lastTime > storyGapMs) {
      incident.story.open = false; // nothing more came: e.g. an Offline group, placed and left Offline
      incident.story.headline = headline(incident);
    }
  }
  return mergeNodeFailures(stories);
}

/** Stories of one node's failure (groups moved within a minute of each other), told as one. */
function mergeNodeFailures(stories: Story[]): Story[] {
  const merged: { story: Story; parts: Story[]; node?: string }[] = [];
  for (const story of stories) {
    const node = story.kind === 'node-down' ? /^Node (\S+) went Down/.exec(story.headline)?.[1] : undefined;
    const previous = merged[merged.length - 1];
    if (node && previous?.node === node && story.startedAt - previous.story.startedAt < 60_000) {
      const parts = [...previous.parts, story];
      const startedAt = Math.min(...parts.map((part) => part.startedAt));
      const steps = parts.flatMap((part) => part.steps).sort((a, b) => a.revision - b.revision || a.time - b.time);
      const ends = parts.map((part) => (part.durationMs === undefined ? undefined : part.startedAt + part.durationMs));
      const combined: Story = {
        ...previous.story,
        groups: parts.map((part) => part.group),
        open: parts.some((part) => part.open),
        tone: parts.some((part) => part.tone === 'failure') ? 'failure' : 'recovered',
        startedAt,
        steps: steps.map((step) => ({ ...step, sinceStartMs: step.time - startedAt })),
        durationMs: ends.every((end) => end !== undefined) ? Math.max(...(ends as number[])) - startedAt : undefined,
      };
      combined.headline = nodeFailureHeadline(node, combined, parts);
      merged[merged.length - 1] = { story: combined, parts, node };
      continue;
    }
    merged.push(node ? { story, parts: [story], node } : { story, parts: [story] });
  }
  return merged.map((entry) => entry.story);
}

function nodeFailureHeadline(node: string, story: Story, parts: Story[]): string {
  const targets = new Map<string, number>();
  for (const part of parts) {
    const to = / failed over to (\S+);/.exec(`${part.headline};`)?.[1];
    if (to) targets.set(to, (targets.get(to) ?? 0) + 1);
  }
  const where = [...targets.entries()].map(([to, count]) => `${count} to ${to}`).join(', ');
  const online = parts.filter((part) => part.durationMs !== undefined).length;
  const tail =
    online === parts.length
      ? `all Online after ${formatDuration(story.durationMs ?? 0)}`
      : story.open
        ? `${online} of ${parts.length} Online so far…`
        : `${online} of ${parts.length} came Online`;
  return `Node ${node} went Down; ${parts.length} groups failed over${where ? ` (${where})` : ''}; ${tail}`;
}
