import type { ClusterEventRecord } from '@wolfpack/contracts';
import type { Context } from '../context.ts';
import { openFeed, refusedByStream } from '../live-feed.ts';
import { paint, stateColor } from '../output/color.ts';
import { clock } from '../output/time.ts';
import { untilStopped } from '../until-stopped.ts';

interface EventsOptions {
  follow?: boolean;
  object?: string;
  kind?: ClusterEventRecord['object']['kind'];
  limit: number;
  since?: number;
}

/** One event as a line: when, then the sentence the engine wrote, then who asked for it. */
function eventLine(event: ClusterEventRecord, color: boolean): string {
  const refused = event.result === 'refused';
  const tint = refused
    ? 'red'
    : event.kind === 'state' && event.to
      ? stateColor(event.to)
      : event.kind === 'command'
        ? 'bold'
        : undefined;
  const actor = event.actor ? `  (${event.actor})` : '';
  return `${paint(clock(event.time, true), 'dim', color)}  ${paint(event.message, tint, color)}${actor}`;
}

export async function events(context: Context, options: EventsOptions): Promise<void> {
  const client = await context.client();
  const { output } = context;
  const matches = (event: ClusterEventRecord) =>
    (options.object === undefined || event.object.name === options.object) &&
    (options.kind === undefined || event.object.kind === options.kind);
  const print = (event: ClusterEventRecord) =>
    output.json
      ? options.follow
        ? output.printJsonLine(event)
        : undefined
      : output.line(eventLine(event, output.color));
  const query = {
    limit: options.limit,
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.object !== undefined ? { objectName: options.object } : {}),
    ...(options.kind !== undefined ? { objectKind: options.kind } : {}),
  };
  if (!options.follow) {
    const log = await client.events.list(query);
    if (output.json) return output.printJson(log);
    if (log.length === 0) output.note('no events');
    for (const event of log) print(event);
    return;
  }
  // The stream first, then the log: an event between the two is in both. The log's
  // highest revision is the seam: stream events at or below it were in the log (a store
  // transaction is read whole), every later one is new. Only the seam uses the revision:
  // one transaction can write several events at one revision (the failover manager logs
  // "node OSDB_BACK is Down" and "group SOCKET_GROUP is Offline on OSDB_BACK" together).
  const feed = await openFeed(client, 30_000);
  try {
    let seam: number | undefined;
    const queued: ClusterEventRecord[] = [];
    const emit = (event: ClusterEventRecord) => {
      if (event.revision > seam! && matches(event)) print(event);
    };
    feed.subscribe((update) => {
      if (update.type !== 'changes') return;
      for (const event of update.events) {
        if (seam === undefined) queued.push(event);
        else emit(event);
      }
    });
    const log = await client.events.list(query);
    for (const event of log) print(event);
    seam = Math.max(-1, ...log.map((event) => event.revision));
    for (const event of queued) emit(event);
    output.note(`following the event log of ${context.url} (Ctrl-C to stop)`);
    await Promise.race([untilStopped(), refusedByStream(feed)]);
  } finally {
    feed.close();
  }
}
