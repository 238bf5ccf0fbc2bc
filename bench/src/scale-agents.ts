import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stopChild } from './processes.ts';

/*
 * The scale point's node agents: one `wolfpackd --node N --data-dir D` process per node,
 * supervised as systemd would with Restart=on-failure, RestartSec=1: an agent that dies
 * on its own is started again after a second (and the crash is counted), while one the
 * benchmark kills stays down. Output is scanned for fencing (a lease renewed too late),
 * the sign of an overloaded machine.
 */

export interface AgentProcess {
  node: string;
  child: ChildProcess;
  /** The agent's last output lines, for errors. */
  output: string[];
}

export interface AgentCrash {
  node: string;
  at: number;
  /** The last lines the agent wrote (the error). */
  lastLines: string[];
}

export interface SupervisorOptions {
  dataDir: string;
  /** Extra node flags per node (e.g. --cpu-prof). */
  nodeArgs?: Record<string, string[]>;
  /** Also append each agent's whole output to <logDir>/<node>.log. */
  logDir?: string;
  restartDelayMs?: number;
  log(message: string): void;
}

/** Runs and restarts the agents; counts their crashes and fencings. */
export class AgentSupervisor {
  readonly #options: SupervisorOptions;
  readonly #agents = new Map<string, AgentProcess>();
  readonly #killed = new Set<string>();
  readonly #files = new Map<string, WriteStream>();
  readonly crashes: AgentCrash[] = [];
  fencings = 0;
  worstLateMs = 0;
  #stopping = false;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
  }

  /** The running agents. */
  get agents(): AgentProcess[] {
    return [...this.#agents.values()];
  }

  agent(node: string): AgentProcess | undefined {
    return this.#agents.get(node);
  }

  start(node: string): AgentProcess {
    const script = createRequire(import.meta.url).resolve('@wolfpack/wolfpackd/bundle');
    const child = spawn(
      process.execPath,
      [...(this.#options.nodeArgs?.[node] ?? []), script, '--node', node, '--data-dir', this.#options.dataDir],
      {
        env: { ...process.env, WOLFPACK_DATA_DIR: this.#options.dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const agent: AgentProcess = { node, child, output: [] };
    this.#agents.set(node, agent);
    let file = this.#files.get(node);
    if (!file && this.#options.logDir) {
      file = createWriteStream(join(this.#options.logDir, `${node}.log`), { flags: 'a' });
      this.#files.set(node, file);
    }
    const collect = (chunk: Buffer) => {
      file?.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        agent.output.push(line);
        if (line.includes('FENCING')) this.fencings += 1;
        const late = /\((\d+) ms late\)/.exec(line);
        if (late) this.worstLateMs = Math.max(this.worstLateMs, Number(late[1]));
      }
      if (agent.output.length > 400) agent.output.splice(0, agent.output.length - 200);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code, signal) => {
      if (this.#agents.get(node) === agent) this.#agents.delete(node);
      if (this.#stopping || this.#killed.has(node)) return;
      const lastLines = agent.output.slice(-12);
      this.crashes.push({ node, at: Date.now(), lastLines });
      this.#options.log(
        `scale: agent ${node} exited on its own (${signal ?? `code ${code}`}): ${lastLines.find((line) => /Error|error:/.test(line)) ?? lastLines.at(-1) ?? ''}; restarting it in ${this.#options.restartDelayMs ?? 1000} ms`,
      );
      setTimeout(() => {
        if (!this.#stopping && !this.#agents.has(node)) this.start(node);
      }, this.#options.restartDelayMs ?? 1000);
    });
    return agent;
  }

  /** kill -9 an agent and keep it down. */
  kill(node: string): void {
    this.#killed.add(node);
    this.#agents.get(node)?.child.kill('SIGKILL');
  }

  /** Stop every agent with this signal, SIGKILL after 10 s (their resource hosts die with them). */
  async stopAll(signal: NodeJS.Signals): Promise<void> {
    this.#stopping = true;
    await Promise.all(this.agents.map((agent) => stopChild(agent.child, signal, 10_000)));
    for (const file of this.#files.values()) file.end();
  }
}
