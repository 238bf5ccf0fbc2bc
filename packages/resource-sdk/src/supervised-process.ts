import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ResourceApiAccess } from '@wolfpack/contracts';
import { isReply } from './envelope.ts';
import { findCommand, setprivPath } from './find-command.ts';
import { childEnvironment, launchCommand } from './process-launch.ts';
import { resourceProcessUser } from './resource-user.ts';

/** How a supervised process ended. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** True when stop() or kill() asked for it; false means the process died on its own. */
  expected: boolean;
  /** Set when the process could not be started at all. */
  error?: string;
}

export interface SupervisedProcessOptions {
  /** A path, or a name searched in PATH; checked before spawning. */
  command: string;
  args: string[];
  cwd?: string;
  /**
   * The process's environment besides PATH, LANG, TZ, HOME and WOLFPACK_DATA_DIR (the only
   * variables it inherits from the node) and the cluster API variables.
   */
  env?: Record<string, string>;
  /**
   * The resource's own cluster API (ResourceContext.clusterApi): the process gets it as
   * WOLFPACK_URL and WOLFPACK_TOKEN. Without it the process gets neither, even if this
   * process has them (a token of whoever started the node must not reach a resource).
   */
  clusterApi?: ResourceApiAccess;
  /**
   * Capabilities the process keeps when the node runs it as its resource user
   * (ResourceContext.capabilities: what the type's manifest declares); none by default.
   */
  capabilities?: readonly string[];
  /** Open a Node IPC channel (the child must be a Node process). */
  ipc?: boolean;
  /** Each line the process writes to stdout or stderr. */
  log?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** IPC messages that are not replies to request(). */
  onMessage?: (message: unknown) => void;
  /** Called exactly once, as soon as the process is gone (or failed to start). */
  onExit: (info: ExitInfo) => void;
}

export interface SupervisedProcess {
  /** The process id; also its process group id. */
  readonly pid: number | undefined;
  /** True until the process has exited. */
  readonly running: boolean;
  /** Resolves once the process is spawned; rejects if it could not be. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Sends an IPC message; false when there is no channel (anymore). */
  send(message: unknown): boolean;
  /** Sends an IPC request and waits for the child's answerRequests() reply. */
  request<Reply = unknown>(message: unknown, timeoutMs: number): Promise<Reply>;
  /** SIGTERM to the process group, SIGKILL after graceMs; resolves when it has exited. */
  stop(graceMs: number): Promise<void>;
  /** SIGKILL to the process group at once. */
  kill(): void;
}

interface PendingRequest {
  resolve: (reply: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Starts a process the way a resource monitor would: in its own process group (so stop
 * and kill reach its children too) and, through `setpriv --pdeathsig KILL`, bound to
 * this process's life, so a kill -9 of the agent or resource host cannot leave it
 * running; with no_new_privs and a clean environment (childEnvironment). An exit
 * nobody asked for is reported to onExit at once.
 *
 * pdeathsig follows the *thread* that spawned the child: call this from a thread that
 * lives as long as the supervisor (the main thread), not from a short-lived worker.
 * Throws when the command does not exist, and when setpriv does not.
 */
export function startSupervisedProcess(options: SupervisedProcessOptions): SupervisedProcess {
  const user = resourceProcessUser();
  const env = childEnvironment(process.env, options, user);
  const commandPath = findCommand(options.command, { cwd: options.cwd, path: env.PATH });
  if (!commandPath)
    throw new Error(
      `command "${options.command}" was not found (cwd ${options.cwd ?? process.cwd()}, PATH ${env.PATH ?? ''})`,
    );
  // Throws, saying why, without setpriv: never a process that could outlive its node.
  const [file, args] = launchCommand(setprivPath, commandPath, options.args, user, options.capabilities);
  const log = options.log ?? (() => {});
  const child: ChildProcess = spawn(file, args, {
    cwd: options.cwd,
    env,
    // Own process group (setsid); not unref'd: the supervisor keeps track of it.
    detached: true,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });

  let running = true;
  let spawned = false;
  let expected = false;
  let graceTimer: NodeJS.Timeout | undefined;
  let nextRequestId = 1;
  const pending = new Map<number, PendingRequest>();

  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // callers that never await ready must not see an unhandled rejection
  let resolveExited!: (info: ExitInfo) => void;
  const exited = new Promise<ExitInfo>((resolve) => (resolveExited = resolve));

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };

  const finish = (info: ExitInfo): void => {
    if (!running) return;
    running = false;
    clearTimeout(graceTimer);
    // Children the process left behind in its group go with it.
    if (spawned) signalGroup('SIGKILL');
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      request.reject(new Error(`process ${child.pid} exited before answering request ${id}`));
    }
    pending.clear();
    try {
      options.onExit(info);
    } finally {
      resolveExited(info);
    }
  };

  child.once('spawn', () => {
    spawned = true;
    resolveReady();
  });
  child.on('error', (error) => {
    if (spawned) return; // a failed send or kill on a live process: the exit event tells the rest
    const message = `could not start "${options.command}": ${error.message}`;
    rejectReady(new Error(message));
    finish({ code: null, signal: null, expected: false, error: message });
  });
  child.once('exit', (code, signal) => finish({ code, signal, expected }));

  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(line, name));
  }

  child.on('message', (message: unknown) => {
    if (isReply(message)) {
      const request = pending.get(message.wolfpackReply);
      if (!request) return; // answered after its timeout
      pending.delete(message.wolfpackReply);
      clearTimeout(request.timer);
      if (message.error !== undefined) request.reject(new Error(message.error));
      else request.resolve(message.reply);
      return;
    }
    options.onMessage?.(message);
  });

  const send = (message: unknown): boolean => {
    if (!options.ipc || !running || !child.connected) return false;
    child.send(message as object, (error) => {
      if (error) log(`IPC send to process ${child.pid} failed: ${error.message}`, 'stderr');
    });
    return true;
  };

  return {
    get pid() {
      return child.pid;
    },
    get running() {
      return running;
    },
    ready,
    exited,
    send,
    request<Reply>(message: unknown, timeoutMs: number): Promise<Reply> {
      return new Promise<Reply>((resolve, reject) => {
        const id = nextRequestId++;
        if (!send({ wolfpackRequest: id, message })) {
          reject(
            new Error(
              `process ${child.pid ?? '(not started)'} has no IPC channel (it exited or was started without ipc)`,
            ),
          );
          return;
        }
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`process ${child.pid} did not answer request ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (reply: unknown) => void, reject, timer });
      });
    },
    async stop(graceMs: number): Promise<void> {
      if (running) {
        expected = true;
        await ready.catch(() => {});
        signalGroup('SIGTERM');
        clearTimeout(graceTimer);
        graceTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      }
      await exited;
    },
    kill(): void {
      if (!running) return;
      expected = true;
      signalGroup('SIGKILL');
    },
  };
}
