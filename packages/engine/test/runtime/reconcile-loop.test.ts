import { describe, expect, it } from 'vitest';
import { ReconcileLoop } from '../../src/runtime/index.ts';
import { FakeClock } from './fake-clock.ts';

/** A loop whose passes record when they ran and take `costMs` of (fake) time each. */
function recordingLoop(clock: FakeClock, costMs = 0, result?: () => { requeueAfterMs?: number } | void) {
  const passes: number[] = [];
  const loop = new ReconcileLoop({
    clock,
    pass: () => {
      passes.push(clock.now() - start);
      clock.jump(costMs);
      return result?.();
    },
  });
  const start = clock.now();
  return { loop, passes };
}

describe('ReconcileLoop', () => {
  it('coalesces a burst of triggers into one pass', async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock);
    for (let i = 0; i < 50; i += 1) loop.trigger();
    await clock.advance(1000);
    expect(passes).toEqual([0]);
  });

  it("spaces passes by twice the last one's cost, at most 250 ms", async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock, 40);
    loop.trigger();
    await clock.advance(0);
    loop.trigger();
    await clock.advance(1000);
    // The first pass ran 0..40; the next waits until 40 + 2 × 40.
    expect(passes).toEqual([0, 120]);

    const slowClock = new FakeClock();
    const capped = recordingLoop(slowClock, 400);
    capped.loop.trigger();
    await slowClock.advance(0);
    capped.loop.trigger();
    await slowClock.advance(2000);
    expect(capped.passes).toEqual([0, 400 + 250]);
  });

  it('runs at once when idle longer than the spacing', async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock, 40);
    loop.trigger();
    await clock.advance(500);
    loop.trigger();
    await clock.advance(0);
    expect(passes).toEqual([0, 500]);
  });

  it('does not hold the loop longer than the spacing when the wall clock is set back', async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock, 100);
    loop.trigger();
    await clock.advance(0);
    clock.jump(-3_600_000);
    loop.trigger();
    await clock.advance(200);
    expect(passes).toHaveLength(2);
  });

  it('never overlaps passes: a trigger during an asynchronous pass runs one more after it', async () => {
    const clock = new FakeClock();
    let running = 0;
    let overlapped = false;
    const finishes: (() => void)[] = [];
    let passes = 0;
    const loop = new ReconcileLoop({
      clock,
      pass: async () => {
        passes += 1;
        running += 1;
        if (running > 1) overlapped = true;
        await new Promise<void>((resolve) => finishes.push(resolve));
        running -= 1;
      },
    });
    loop.trigger();
    await clock.advance(0);
    loop.trigger();
    loop.trigger();
    await clock.advance(1000);
    expect(passes).toBe(1);
    finishes.shift()!();
    await clock.advance(1000);
    expect(passes).toBe(2);
    finishes.shift()!();
    await clock.advance(1000);
    expect(passes).toBe(2);
    expect(overlapped).toBe(false);
  });

  it('runs again when a pass asks to be requeued, the earliest request winning', async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock, 0, () => ({ requeueAfterMs: 1000 }));
    loop.trigger();
    await clock.advance(0);
    loop.requeueAfter(300);
    loop.requeueAfter(5000);
    await clock.advance(2500);
    // 0, then 300 (earliest request), then every 1000 after each pass.
    expect(passes).toEqual([0, 300, 1300, 2300]);
  });

  it('runs no pass after stop', async () => {
    const clock = new FakeClock();
    const { loop, passes } = recordingLoop(clock, 0, () => ({ requeueAfterMs: 100 }));
    loop.trigger();
    await clock.advance(0);
    loop.stop();
    loop.trigger();
    await clock.advance(1000);
    expect(passes).toEqual([0]);
    expect(clock.pending).toBe(0);
  });

  it('goes on after a pass fails, saying so', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new ReconcileLoop({
      clock,
      onError: (error) => errors.push(error),
      pass: () => {
        passes += 1;
        if (passes === 1) throw new Error('boom');
      },
    });
    loop.trigger();
    await clock.advance(0);
    loop.trigger();
    await clock.advance(1000);
    expect(passes).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
  });
});
