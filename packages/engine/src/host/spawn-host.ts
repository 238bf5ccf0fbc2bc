import { fork, spawn, type ChildProcess } from 'node:child_process';
import { setprivPath } from '@wolfpack/resource-sdk';

/**
 * Starts a resource host process with an IPC channel, as the leader of its own process
 * group (so one kill reaches the resource processes it starts) and, through setpriv,
 * with SIGTERM as its parent-death signal: after a `kill -9` of the agent the host terminates
 * its resources (releasing a floating address, which a SIGKILL would leave behind) within
 * its 1 s bound and exits; its resource processes die with it.
 * Without setpriv it falls back to fork() and says so through `warn`.
 */
export function spawnHostProcess(
  hostScript: string,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): ChildProcess {
  const options = { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as ('ignore' | 'pipe' | 'ipc')[], detached: true, env };
  if (setprivPath) {
    // A plain `node` with no execArgv: the agent may run under a TypeScript loader the bundle does not need.
    return spawn(setprivPath, ['--pdeathsig', 'TERM', '--', process.execPath, hostScript], options);
  }
  warn(
    `setpriv is missing (Debian package util-linux): a killed node agent's resource host only notices through its IPC channel closing, and a frozen host never does`,
  );
  return fork(hostScript, [], { ...options, execArgv: [] });
}
