/** The cluster events pane: the event log live, and failures, failovers and moves told as stories. */
export { EventsPane } from './events-pane.tsx';
export { eventMatches, type EventFilter } from './event-filter.ts';
export { formatDuration, tellStories, type Story } from './stories.ts';
