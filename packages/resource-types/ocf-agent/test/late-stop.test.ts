import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ocfTypeModule, rscTmpFor } from '../src/index.ts';
import { makeContext, temporaryOcfRoot } from './fixtures.ts';

/*
 * An agent that daemonizes its service (setsid: no descendant of whoever ran start) and
 * whose stop outlasts a fence's budget. The fence is played as the resource host plays it:
 * terminate() gets the budget, then the stop's process group is SIGKILLed.
 */

const agent = `#!/bin/sh
pidfile="$HA_RSCTMP/daemon.pid"
case "$1" in
meta-data) cat <<'XML'
<?xml version="1.0"?>
<resource-agent name="daemon"><parameters/>
<actions><action name="start" timeout="5s"/><action name="stop" timeout="20s"/><action name="monitor" timeout="5s" interval="0"/></actions>
</resource-agent>
XML
;;
start) setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $! > "$pidfile"; exit 0;;
stop) sleep 1; [ -f "$pidfile" ] && kill "$(cat "$pidfile")"; rm -f "$pidfile"; exit 0;;
monitor) [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && exit 0; exit 7;;
*) exit 3;;
esac
`;

/** Running, not a zombie (an orphaned daemon's adopter may never reap it). */
const processAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** The pids whose command line is exactly `args` (the agent's shell: /bin/sh PATH ACTION). */
function processesRunning(args: string[]): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(-args.length - 1, -1).join('\0') === args.join('\0');
    } catch {
      return false;
    }
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const daemons: number[] = [];
afterEach(() => {
  for (const pid of daemons.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // stopped, as it should be
    }
  }
});

describe('an OCF agent whose stop outlasts the fence budget', () => {
  it('stops its daemonized service after the fence by running stop once more, and a start there waits for that', async () => {
    const ocf = temporaryOcfRoot();
    const path = ocf.write('daemon', agent);
    const module = ocfTypeModule({ provider: 'test', agent: 'daemon', root: ocf.root });
    const { context, logs } = makeContext('Daemon', {});
    const pidFile = join(rscTmpFor(context.stateDir, 'Daemon'), 'daemon.pid');
    const first = module.create(context);
    await first.online();
    const daemon = Number(readFileSync(pidFile, 'utf8'));
    daemons.push(daemon);
    expect(processAlive(daemon)).toBe(true);

    // The fence: terminate() gets a 300 ms budget, then the resource host SIGKILLs what it started.
    const terminated = first.terminate();
    const stopping = await waitFor('the agent\'s stop is running', () => processesRunning([path, 'stop'])[0], 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(-stopping, 'SIGKILL');
    await terminated;
    // The stop was cut short: the daemon, no descendant of anyone the host could kill, runs on.
    expect(processAlive(daemon)).toBe(true);
    expect(logs.some((line) => line.includes('terminate:') && line.includes('running stop once more in the background'))).toBe(true);

    // The group comes back here at once: its start waits for the late stop, which ends the old daemon.
    const second = module.create(context);
    await second.online();
    expect(processAlive(daemon)).toBe(false);
    const successor = Number(readFileSync(pidFile, 'utf8'));
    daemons.push(successor);
    expect(successor).not.toBe(daemon);
    expect(processAlive(successor)).toBe(true);
    const lateStop = logs.findIndex((line) => line === 'OCF agent test:daemon for "Daemon": stopped by the stop run again after the failed terminate');
    expect(lateStop).toBeGreaterThanOrEqual(0);
    expect(logs.findLastIndex((line) => line.startsWith('OCF agent test:daemon for "Daemon": started'))).toBeGreaterThan(lateStop);
    await second.terminate();
    expect(processAlive(successor)).toBe(false);
  });
});
