import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const setpriv = existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : undefined;

export interface SupervisorOptions {
  /** Restart a service that died this long after (0: leave it down), like systemd's Restart=on-failure. */
  restartDelayMs: number;
  print(line: string): void;
}

interface Service {
  label: string;
  command: string[];
  env: NodeJS.ProcessEnv;
  restart: boolean;
  child: ChildProcess | undefined;
}

/**
 * The launcher's processes, as a service manager would run them. Each is bound to the
 * launcher by `setpriv --pdeathsig SIGKILL` (the kernel kills it if the launcher dies,
 * even by SIGKILL) and runs in a session of its own, so a Ctrl-C or a SIGTERM of the
 * launcher's process group reaches only the launcher, which then stops them in order.
 */
export class ProcessSupervisor {
  readonly #options: SupervisorOptions;
  readonly #services = new Map<string, Service>();
  #stopping = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** pid of each running service, by name. */
  pids(): Map<string, number> {
    return new Map(
      [...this.#services].flatMap(([name, service]) =>
        service.child?.pid ? [[name, service.child.pid] as const] : [],
      ),
    );
  }

  /** Starts a long-running service (restarted after a crash when `restart`). */
  start(name: string, command: string[], env: NodeJS.ProcessEnv = {}, restart = true): void {
    const service: Service = { label: name, command, env, restart, child: undefined };
    this.#services.set(name, service);
    this.#launch(service);
  }

  /** Runs a one-shot step under the same binding and resolves with its exit code. */
  run(name: string, command: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
    return new Promise((resolve) => {
      const child = this.#spawn(command, env);
      this.#forward(child);
      child.on('error', (error) => {
        this.#options.print(`${name}: ${error.message}`);
        resolve(127);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  }

  /** SIGTERM the named services (they take their resources offline), SIGKILL those still there after graceMs. */
  async stop(names: string[], graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    await Promise.all(names.map((name) => this.#stopOne(this.#services.get(name), graceMs)));
  }

  /** SIGKILL every service now. */
  killAll(): void {
    this.#stopping = true;
    for (const service of this.#services.values()) service.child?.kill('SIGKILL');
  }

  #spawn(command: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const full = setpriv ? [setpriv, '--pdeathsig', 'SIGKILL', '--', ...command] : command;
    return spawn(full[0]!, full.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      detached: true,
    });
  }

  #forward(child: ChildProcess): void {
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.#options.print(line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }

  #launch(service: Service): void {
    const child = this.#spawn(service.command, service.env);
    service.child = child;
    this.#forward(child);
    child.on('error', (error) => this.#options.print(`${service.label}: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (service.child === child) service.child = undefined;
      if (this.#stopping) return;
      this.#options.print(`${service.label} exited (${signal ?? `code ${code}`})`);
      if (service.restart && this.#options.restartDelayMs > 0) {
        this.#options.print(`restarting ${service.label} in ${this.#options.restartDelayMs} ms`);
        setTimeout(() => {
          if (!this.#stopping && !service.child) this.#launch(service);
        }, this.#options.restartDelayMs);
      }
    });
  }

  async #stopOne(service: Service | undefined, graceMs: number): Promise<void> {
    const child = service?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
