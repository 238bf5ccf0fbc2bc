import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isLiveProcess } from '@wolfpack/resource-sdk/process-table';

/*
 * The stop an OCF terminate runs once more when its own stop failed or was cut short. A
 * fence gives terminate 0.15 × TTL, then SIGKILLs the resource host's descendants, and
 * the node agent's own fence then kills the whole host: a service the agent daemonized
 * is no descendant of either, so it runs on, and so must the stop that ends it. This one
 * is detached (its own session, handed to init as soon as the shell starting it exits),
 * bounded by `timeout -s KILL` at the agent's stop timeout, and leaves its pid, exit code
 * and output in HA_RSCTMP, where a later start of the resource on this node finds them.
 */

const files = (rscTmp: string) => ({
  pid: join(rscTmp, 'late-stop.pid'),
  result: join(rscTmp, 'late-stop.result'),
  output: join(rscTmp, 'late-stop.out'),
});

/** `timeout` bounds the agent; the exit code is written last, so a result file is a finished stop. */
const launcher = `setsid sh -c 'timeout -s KILL "$1" "$0" stop >"$2" 2>&1 </dev/null; echo $? >"$3.tmp"; mv "$3.tmp" "$3"' "$0" "$1" "$2" "$3" </dev/null >/dev/null 2>&1 &
echo $! >"$4"`;

/** Starts the detached stop; throws saying why when it could not be started. */
export function startLateStop(agentPath: string, rscTmp: string, env: NodeJS.ProcessEnv, timeoutMs: number): void {
  const at = files(rscTmp);
  for (const path of Object.values(at)) rmSync(path, { force: true });
  const seconds = `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`;
  const started = spawnSync('sh', ['-c', launcher, agentPath, seconds, at.output, at.result, at.pid], {
    env,
    cwd: rscTmp,
    stdio: 'ignore',
    timeout: 5000,
  });
  if (started.error || started.status !== 0)
    throw new Error(
      `the late stop could not be started: ${started.error?.message ?? `sh exited with ${started.status}`}`,
    );
}

export interface LateStopOutcome {
  /** The agent's exit code (137 when `timeout` killed it), or undefined when it left none. */
  exitCode: number | undefined;
  /** Still running when the wait ended. */
  running: boolean;
  /** The last lines it wrote. */
  output: string;
}

function pidRunning(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 && isLiveProcess(pid);
  } catch {
    return false;
  }
}

/** True while a late stop started in this HA_RSCTMP is still running. */
export function lateStopRunning(rscTmp: string): boolean {
  const at = files(rscTmp);
  return !existsSync(at.result) && pidRunning(at.pid);
}

/**
 * Waits (polling, at most `withinMs`) for the late stop in this HA_RSCTMP to end; its
 * outcome, and its files removed, or undefined when there was none.
 */
export async function awaitLateStop(rscTmp: string, withinMs: number): Promise<LateStopOutcome | undefined> {
  const at = files(rscTmp);
  if (!existsSync(at.pid)) return undefined;
  const deadline = Date.now() + withinMs;
  while (lateStopRunning(rscTmp) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const code = read(at.result).trim();
  const output = read(at.output)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-5)
    .join(' | ');
  const stillRunning = lateStopRunning(rscTmp);
  if (!stillRunning) for (const path of Object.values(at)) rmSync(path, { force: true });
  return { exitCode: code === '' ? undefined : Number(code), running: stillRunning, output };
}
