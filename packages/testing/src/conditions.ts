/*
 * Waiting on things outside the store (processes, files): poll until a condition holds,
 * or watch that one keeps holding. Tests wait for conditions, never for fixed times.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls (every `intervalMs`) until the probe returns a value (not undefined/false); throws
 * naming what was awaited. In-process tests poll faster, a probe that costs a query slower.
 */
export async function waitUntil<T>(
  description: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await pause(intervalMs);
  }
}

/**
 * Checks that a condition stays true for a while (something must NOT happen: a paused
 * owner keeps its group, a DontRestart resource stays Failed). Throws at the first
 * sample where it does not hold, with what the probe said.
 */
export async function holdsFor(
  description: string,
  probe: () => true | string | Promise<true | string>,
  durationMs: number,
): Promise<void> {
  const until = Date.now() + durationMs;
  do {
    const result = await probe();
    if (result !== true) throw new Error(`${description} stopped holding: ${result}`);
    await pause(25);
  } while (Date.now() < until);
}

/**
 * Runs `attempt` until it resolves (its failures meanwhile are expected: a store electing a
 * leader, a service not listening yet), or throws its last failure after `timeoutMs`.
 */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > until) throw error;
      await pause(100);
    }
  }
}
