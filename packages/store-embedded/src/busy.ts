/*
 * Waiting for another process's write lock. SQLite's own busy handler sleeps 1, 2, 5, 10 …
 * 100 ms between tries, and the lock is not fair: a process writing in a tight loop can
 * starve another for seconds (measured: 4.4 s with synchronous=FULL). Retrying every
 * 0.05–1 ms instead finds the short gaps between the other writer's commits.
 */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

const isBusy = (error: unknown): boolean => String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

/** Run a database call, retrying while the database is locked by another process, up to timeoutMs. */
export function retryWhileBusy<T>(call: () => T, timeoutMs: number): T {
  const deadline = performance.now() + timeoutMs;
  let delayMs = 0.05;
  for (;;) {
    try {
      return call();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= deadline) throw error;
    }
    // Synchronous on purpose: better-sqlite3 calls are synchronous, and so is SQLite's own wait.
    Atomics.wait(sleeper, 0, 0, delayMs * (0.5 + Math.random()));
    delayMs = Math.min(delayMs * 1.5, 1);
  }
}

/**
 * The same, for writes, without holding the event loop: between tries the process goes on
 * with its other work — above all renewing its lease, which blocking would starve when
 * many processes share one database.
 */
export async function retryWhileBusyAsync<T>(call: () => T, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let attempt = 0;
  for (;;) {
    try {
      return call();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= deadline) throw error;
    }
    attempt += 1;
    // A commit holds the lock for well under a millisecond: try again at once a few times, then back off a little.
    if (attempt < 4) await new Promise<void>((resolve) => setImmediate(resolve));
    else await new Promise<void>((resolve) => setTimeout(resolve, Math.min(1 + Math.random() * attempt * 0.2, 4)));
  }
}
