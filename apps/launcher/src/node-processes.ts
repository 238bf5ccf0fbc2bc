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
 * after a while, like systemd's Restart=on-failure. The server runs the same way.
 */
export class NodeProcesses {
  readonly #options: NodeProcessOptions;
  readonly #children = new Map<string, ChildProcess>();
  #stopping = false;

  constructor(options: NodeProcessOptions) {
    this.#options = options;
  }

  pids(): Record<string, number | undefined> {
    return Object.fromEntries(
      [...this.#children].filter(([key]) => !key.startsWith('service:')).map(([node, child]) => [node, child.pid]),
    );
  }

  /** Starts the node agent (wolfpackd) of a node. */
  start(node: string): void {
    const { wolfpackdScript, dataDir } = this.#options;
    this.#run(node, `wolfpackd ${node}`, [wolfpackdScript, '--node', node, '--data-dir', dataDir]);
  }

  /**
   * Starts another process of the cluster under the same supervision (the server):
   * output forwarded, restarted after a crash, stopped with the nodes.
   */
  startService(name: string, script: string, env: NodeJS.ProcessEnv = {}): void {
    this.#run(`service:${name}`, name, [script], env);
  }

  #run(key: string, label: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.#children.set(key, child);
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.#options.print(line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    child.on('exit', (code, signal) => {
      if (this.#children.get(key) === child) this.#children.delete(key);
      if (this.#stopping) return;
      this.#options.print(`${label} exited (${signal ?? `code ${code}`})`);
      if (this.#options.restartDelayMs > 0) {
        this.#options.print(`restarting ${label} in ${this.#options.restartDelayMs} ms`);
        setTimeout(() => {
          if (!this.#stopping && !this.#children.has(key)) this.#run(key, label, args, env);
        }, this.#options.restartDelayMs);
      }
    });
  }

  /** SIGTERM every agent (they take their resources offline) and service, SIGKILL stragglers. */
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
