import type { Clock } from '../../src/runtime/index.ts';

/** Let promises and the store's I/O callbacks settle (a few turns of the real event loop). */
export async function settle(turns = 5): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** A clock that moves only when told; timers fire in time order as it passes them. */
export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; order: number; callback: () => void }[] = [];
  #order = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): () => void {
    const timer = { at: this.#now + Math.max(0, ms), order: this.#order++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Move time by `ms`, firing each timer due on the way at its own time, settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await settle();
    }
    this.#now = Math.max(this.#now, end);
  }

  /** Set the wall clock back or forward without firing anything (an NTP step). */
  jump(ms: number): void {
    this.#now += ms;
  }
}

/**
 * Let `clock` run in 10 ms steps until `probe` holds, at most `ms` of fake time; each step
 * also gives `realMs` of real time to what runs outside the clock (the store's watch,
 * resource hosts, the DNS thread). The failure names `what` and, if given, `explain()`.
 */
export async function runUntil<T>(
  clock: FakeClock,
  ms: number,
  what: string,
  probe: () => Promise<T | undefined | false>,
  { realMs = 5, explain }: { realMs?: number; explain?: () => Promise<string> | string } = {},
): Promise<T> {
  for (let waited = 0; waited <= ms; waited += 10) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, realMs));
    await clock.advance(10);
  }
  throw new Error(`not within ${ms} ms of the fake clock: ${what}${explain ? `; ${await explain()}` : ''}`);
}
