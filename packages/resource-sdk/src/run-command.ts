import { spawn } from 'node:child_process';

/** How a short-lived command ended. `missing` is set when the program is not there. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  missing: boolean;
  /** True when it ran past its timeout and was killed (with everything it started). */
  timedOut: boolean;
}

export interface CommandOptions {
  /** Killed (its whole process group, SIGKILL) after this long; default 10 s. */
  timeoutMs?: number;
  /** The whole environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

// A command may leave a background child holding its stdout (a script's `cmd &`): once
// the command itself has exited, its output is taken as it is after this long.
const drainAfterExitMs = 200;

/**
 * Run a program with arguments (no shell) to its end and collect its output; never
 * rejects. For commands a resource type runs and waits for (`ip addr add`, an OCF
 * agent's start), not for the long-lived ones startSupervisedProcess watches. It runs in
 * its own process group, so a timeout kills what it started too.
 */
export function runCommand(program: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const { timeoutMs = 10_000, env, cwd } = options;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(program, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (result: Omit<CommandResult, 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, timedOut });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      const message = missing ? `${program}: command not found` : `${program}: ${error.message}`;
      finish({ exitCode: missing ? 127 : 126, stdout, stderr: stderr || message, missing });
    });
    let exitCode: number | undefined;
    const settle = () => {
      const signalled = exitCode === undefined || exitCode < 0;
      finish({
        exitCode: signalled ? 1 : (exitCode ?? 1),
        stdout,
        stderr: stderr || (timedOut ? `${program}: killed after ${timeoutMs} ms` : ''),
        missing: false,
      });
    };
    child.on('exit', (code) => {
      exitCode = code ?? -1;
      setTimeout(settle, drainAfterExitMs).unref();
    });
    child.on('close', () => {
      if (exitCode !== undefined) settle();
    });
  });
}
