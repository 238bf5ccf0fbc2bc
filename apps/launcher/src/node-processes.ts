import { spawn, type ChildProcess } from 'node:child_process';

export interface NodeProcessOptions {
  wolfpackdScript: string;
  dataDir: string;
  /** Restart a node agent that died this long after (0: leave it down). */
  restartDelayMs: number;
  print(line: string): void;
}

/**
 * One wolfpackd process per node, as a service manager would run them: a crash is a
 * real process death (the cluster fails its groups over), and the agent comes back
 * after a while, like systemd's Restart=on-failure.
 */
export class NodeProcesses {
  readonly #o: NodeProcessOptions;
  readonly #children = new Map<string, ChildProcess>();
  #stopping = false;

  constructor(options: NodeProcessOptions) {
    this.#o = options;
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#children].map(([node, child]) => [node, child.pid]));
  }

  start(node: string): void {
    const child = spawn(process.execPath, [this.#o.wolfpackdScript, '--node', node, '--data-dir', this.#o.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#children.set(node, child);
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.#o.print(line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => {
      if (this.#children.get(node) === child) this.#children.delete(node);
      if (this.#stopping) return;
      this.#o.print(`wolfpackd ${node} exited (${signal ?? `code ${code}`})`);
      if (this.#o.restartDelayMs > 0) {
        this.#o.print(`restarting wolfpackd ${node} in ${this.#o.restartDelayMs} ms`);
        setTimeout(() => {
          if (!this.#stopping && !this.#children.has(node)) this.start(node);
        }, this.#o.restartDelayMs);
      }
    });
  }

  /** SIGTERM every agent (they take their resources offline), SIGKILL stragglers. */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    const exits = [...this.#children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
