/*
 * Freezing a process (SIGSTOP) is how the tests make a node, the server or a resource stop
 * answering without closing anything: the split-brain and watch-compaction cases. Whatever
 * a test freezes must be thawed even when it fails midway, or the process outlives the run.
 */

/** Stops the process (SIGSTOP); it keeps its sockets and files but runs nothing. */
export function freeze(pid: number): void {
  process.kill(pid, 'SIGSTOP');
}

/** Lets a frozen process run again (SIGCONT); one that is already gone is fine. */
export function thaw(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    // already gone
  }
}

/** The processes a test has frozen and not thawed yet: `thawAll()` in afterAll undoes the rest. */
export class FrozenProcesses {
  #pids: number[] = [];

  /** Those frozen now, in the order they were frozen. */
  get pids(): readonly number[] {
    return this.#pids;
  }

  freeze(...pids: number[]): void {
    for (const pid of pids) {
      freeze(pid);
      this.#pids.push(pid);
    }
  }

  thaw(...pids: number[]): void {
    for (const pid of pids) {
      thaw(pid);
      const index = this.#pids.indexOf(pid);
      if (index >= 0) this.#pids.splice(index, 1);
    }
  }

  thawAll(): void {
    this.thaw(...this.#pids);
  }
}
