/**
 * Time as the runtime sees it: injected, so loops and leases can be tested with a fake
 * clock in milliseconds. `now` is wall-clock milliseconds (leases are compared with the
 * store's expiry, and decisions with times written in the store).
 */
export interface Clock {
  now(): number;
  /** Call back once after `ms` (below 1: on the next turn, after pending I/O); returns a cancel. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    if (ms < 1) {
      const immediate = setImmediate(callback);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};
