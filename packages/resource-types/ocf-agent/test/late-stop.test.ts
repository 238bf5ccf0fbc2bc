import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleForNode } from '@wolfpack/testing/build';
import { waitUntil } from '@wolfpack/testing/conditions';
import { ocfTypeModule, rscTmpFor } from '../src/index.ts';
import { makeContext, temporaryOcfRoot } from './fixtures.ts';
import { isLiveProcess, processIds, readProcessStat } from '@wolfpack/resource-sdk/process-table';

/*
 * An agent that daemonizes its service (setsid: no descendant of whoever ran start) and
 * whose stop outlasts a fence's budget, in a real stand-in resource host process. The
 * fence is played as it happens: the host's terminate gets its budget, then the stop is
 * SIGKILLed with the host's descendants, then the node kills the host and its descendants.
 */

const here = dirname(fileURLToPath(import.meta.url));

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

const parentOf = (pid: number) => readProcessStat(pid)?.parent;

/** Every process below `root`, as the resource host and the node agent find what to kill. */
function descendantsOf(root: number): number[] {
  const found: number[] = [];
  const all = processIds().map((pid) => [pid, parentOf(pid)] as const);
  for (let frontier = [root]; frontier.length > 0; ) {
    const children = all.filter(([, parent]) => parent !== undefined && frontier.includes(parent)).map(([pid]) => pid);
    found.push(...children);
    frontier = children;
  }
  return found;
}

/** The pids whose command line ends with `args` (the agent's shell: /bin/sh PATH ACTION). */
const running = (args: string[]) =>
  processIds().filter((pid) => {
    try {
      return (
        readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .slice(-args.length - 1, -1)
          .join('\0') === args.join('\0')
      );
    } catch {
      return false;
    }
  });

const killed: number[] = [];
afterEach(() => {
  for (const pid of killed.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

describe('an OCF agent whose stop outlasts the fence budget', () => {
  it('stops its daemonized service after the fence, though the node kills the resource host; a start there waits for that stop', async () => {
    const ocf = temporaryOcfRoot();
    const path = ocf.write('daemon', agent);
    const { context, logs } = makeContext('Daemon', {});
    const rscTmp = rscTmpFor(context.stateDir, 'Daemon');
    const host = await bundleForNode(
      join(here, 'fixtures', 'resource-host.ts'),
      join(rscTmp, '..', 'resource-host.mjs'),
    );

    const child = spawn(process.execPath, [host, ocf.root, 'daemon', context.stateDir, 'Daemon'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    killed.push(child.pid!);
    const hostLogs: string[] = [];
    const lines = createInterface({ input: child.stdout! });
    let online = false;
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { log?: string; online?: boolean };
      if (message.log) hostLogs.push(message.log);
      if (message.online) online = true;
    });
    await waitUntil('the resource online in the host', () => online, 10_000);
    const daemon = Number(readFileSync(join(rscTmp, 'daemon.pid'), 'utf8'));
    killed.push(daemon);
    expect(isLiveProcess(daemon)).toBe(true);

    // The fence: terminate gets a 300 ms budget, then the host SIGKILLs its descendants.
    child.stdin!.write('terminate\n');
    await waitUntil("the agent's stop is running", () => running([path, 'stop'])[0], 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const pid of descendantsOf(child.pid!)) process.kill(pid, 'SIGKILL');
    await waitUntil('the late stop started', () => existsSync(join(rscTmp, 'late-stop.pid')), 5000);
    // Then the node agent's own fence kills the host, descendants first.
    for (const pid of [...descendantsOf(child.pid!), child.pid!]) process.kill(pid, 'SIGKILL');
    expect(
      hostLogs.some((line) => line.includes('terminate:') && line.includes('running stop once more in the background')),
    ).toBe(true);
    // The daemon, no descendant of the host, outlived both kills; so did the late stop.
    expect(isLiveProcess(daemon)).toBe(true);

    // The group comes back to this node at once, in a new host: its start waits for the late stop, which ends the old daemon.
    const successor = ocfTypeModule({ provider: 'test', agent: 'daemon', root: ocf.root }).create(context);
    await successor.online();
    const next = Number(readFileSync(join(rscTmp, 'daemon.pid'), 'utf8'));
    killed.push(next);
    expect(isLiveProcess(daemon)).toBe(false);
    expect(next).not.toBe(daemon);
    expect(isLiveProcess(next)).toBe(true);
    const lateStop = logs.indexOf(
      'OCF agent test:daemon for "Daemon": stopped by the stop run again after a failed terminate',
    );
    expect(lateStop).toBeGreaterThanOrEqual(0);
    expect(
      logs.findLastIndex((line) => line.startsWith('OCF agent test:daemon for "Daemon": started')),
    ).toBeGreaterThan(lateStop);
    await successor.terminate();
    expect(isLiveProcess(next)).toBe(false);
  });
});
