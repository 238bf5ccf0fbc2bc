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
