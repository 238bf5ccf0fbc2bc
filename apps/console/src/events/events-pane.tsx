import { memo, useEffect, useMemo, useState } from 'react';
import type { ClusterEventRecord } from '@wolfpack/contracts';
import { errorMessage } from '@wolfpack/client';
import type { ClusterCache } from '../live/cluster-cache.ts';
import { useEventLog } from '../live/hooks.ts';
import { eventMatches, filterFromValue, filterValue, type EventFilter } from './event-filter.ts';
import { formatDuration, tellStories, type Story } from './stories.ts';

// One formatter, made once: toLocaleTimeString makes a new one per call (slow for a long log).
const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const time = (ms: number) => timeFormat.format(ms);

/**
 * The cluster events pane: on the left what happened as stories (a failover: what failed,
 * restart or move, where to, how long), on the right the event log itself, newest first.
 * Both live, both filtered by the chosen object.
 */
export function EventsPane({ cluster, suggested }: { cluster: ClusterCache | undefined; suggested?: EventFilter }) {
  const log = useEventLog();
  const [filter, setFilter] = useState<EventFilter>({ kind: 'all' });
  const groupOf = useMemo(() => (resource: string) => cluster?.resources.get(resource)?.group, [cluster]);
  const events = log.data ?? [];
  const shown = useMemo(
    () => events.filter((event) => eventMatches(event, filter, groupOf)),
    [events, filter, groupOf],
  );
  // Stories with no news for two minutes are over: look again now and then.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const stories = useMemo(
    () => tellStories(shown, groupOf, Math.max(now, Date.now())).reverse().slice(0, 50),
    [shown, groupOf, now],
  );
  const newestFirst = useMemo(() => [...shown].reverse().slice(0, 500), [shown]);
  const names = (map: ReadonlyMap<string, unknown> | undefined) => [...(map?.keys() ?? [])].sort();

  return (
    <section className="events-pane" aria-label="Cluster events">
      <div className="events-header">
        <h2>Cluster Events</h2>
        <label>
          Show events for{' '}
          <select
            value={filterValue(filter)}
            onChange={(event) => setFilter(filterFromValue(event.target.value))}
            aria-label="Show events for"
          >
            <option value="all">All objects</option>
            <optgroup label="Groups">
              {names(cluster?.groups).map((name) => (
                <option key={name} value={`group:${name}`}>
                  {name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Resources">
              {names(cluster?.resources).map((name) => (
                <option key={name} value={`resource:${name}`}>
                  {name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Nodes">
              {names(cluster?.nodes).map((name) => (
                <option key={name} value={`node:${name}`}>
                  {name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        {suggested && suggested.kind !== 'all' && filterValue(suggested) !== filterValue(filter) && (
          <button type="button" onClick={() => setFilter(suggested)}>
            Only {suggested.name}
          </button>
        )}
        {filter.kind !== 'all' && (
          <button type="button" onClick={() => setFilter({ kind: 'all' })}>
            Show all
          </button>
        )}
        <span className="events-count" aria-live="polite">
          {shown.length} events
        </span>
      </div>
      {log.isError && (
        <p className="form-error" role="alert">
          The event history could not be read: {errorMessage(log.error)}
        </p>
      )}
      <div className="events-body">
        <div className="stories">
          {stories.length === 0 ? (
            <p className="hint">
              No failures, failovers or moves{filter.kind !== 'all' ? ` for ${filter.name}` : ''} in the log.
            </p>
          ) : (
            <ul className="story-list" aria-label="What happened">
              {stories.map((story) => (
                <StoryView key={story.id} story={story} />
              ))}
            </ul>
          )}
        </div>
        {/* Focusable, so the log scrolls from the keyboard too; named, so focus says where it is. */}
        <section className="event-log-scroll" tabIndex={0} aria-label="Event log, newest first">
          <table className="event-log" aria-label="Event log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Object</th>
                <th scope="col">Event</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((event) => (
                <EventRow
                  key={`${event.revision}|${event.time}|${event.kind}|${event.object.name}|${event.message}`}
                  event={event}
                />
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </section>
  );
}

/** One log line; a line never changes, so it renders once. */
const EventRow = memo(function EventRow({ event }: { event: ClusterEventRecord }) {
  const refused = event.result === 'refused';
  const failed = event.to === 'Failed' || event.to === 'Down' || refused;
  return (
    <tr className={failed ? 'event-bad' : event.kind === 'failover' ? 'event-warn' : ''}>
      <td className="nowrap">{time(event.time)}</td>
      <td>{event.kind}</td>
      <td className="nowrap">{event.object.name}</td>
      <td>
        {event.message}
        {refused && event.reason && !event.message.includes(event.reason) ? ` (refused: ${event.reason})` : ''}
      </td>
      <td>{event.actor ?? ''}</td>
    </tr>
  );
});

/** A story's steps shown at most (a node failure moving a thousand groups has many). */
const shownSteps = 60;

const StoryView = memo(
  function StoryView({ story }: { story: Story }) {
    return (
      <li className={`story story-${story.tone}${story.open ? ' open-story' : ''}`}>
        <details>
          <summary>
            <span className="story-time">{time(story.startedAt)}</span> {story.headline}
          </summary>
          <ol className="story-steps">
            {story.steps.slice(0, shownSteps).map((step) => (
              <li key={`${step.revision}-${step.time}-${step.text}`}>
                <span className="story-offset">+{formatDuration(step.sinceStartMs)}</span> {step.text}
              </li>
            ))}
            {story.steps.length > shownSteps && (
              <li className="hint">
                … and {story.steps.length - shownSteps} more events (filter by a group to see its own)
              </li>
            )}
          </ol>
        </details>
      </li>
    );
  },
  (a, b) =>
    a.story.headline === b.story.headline &&
    a.story.steps.length === b.story.steps.length &&
    a.story.open === b.story.open,
);
