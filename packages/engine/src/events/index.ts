/** The cluster event log: append (alone or inside a command's txn), read in revision order, trim. */
export {
  appendEvent,
  eventKey,
  eventPutOp,
  followEvents,
  readEvents,
  trimEvents,
  type ReadEventsOptions,
} from './event-log.ts';
export { describeEvent } from './describe.ts';
