import { readFileSync, rmSync } from 'node:fs';

/*
 * Test-only: freeze a process at the worst moment for the embedded store, inside a write
 * transaction, holding the database's write lock (apps/launcher/test/store-lock.test.ts).
 * WOLFPACK_TEST_STOP_IN_WRITE names a file; the process whose pid that file holds removes
 * it and stops itself (SIGSTOP) in its next write transaction. Unset, this is one check
 * of a constant per write.
 */
const triggerFile = process.env.WOLFPACK_TEST_STOP_IN_WRITE;

/** Called inside every write transaction; stops this process there if a test asked for it. */
export function stopInsideWriteIfAsked(): void {
  if (!triggerFile) return;
  let pid: string;
  try {
    pid = readFileSync(triggerFile, 'utf8').trim();
  } catch {
    return; // not asked (yet)
  }
  if (pid !== String(process.pid)) return;
  rmSync(triggerFile, { force: true });
  process.kill(process.pid, 'SIGSTOP');
}
