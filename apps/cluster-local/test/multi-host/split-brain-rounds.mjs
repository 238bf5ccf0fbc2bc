// The split-brain watcher's rounds, on a worker thread of its own (started by
// split-brain-watcher.ts): the test's thread stalls for tens of milliseconds at a time
// (etcd calls, JSON, child processes), and rounds sharing its event loop were late then.
// A round reads, for every host, the local addresses of its network namespace (its
// kernel's local routing table, /proc/<pid>/net/fib_trie of an anchor process living
// there) and scans /proc for chat server processes, placing each in its host by the inode
// of its network namespace; it posts what it saw, stamped with the time it ended. A round
// only reads files: no other process must be scheduled for it to end. The thread runs at
// nice -10 (the cluster's processes keep their priority), so a loaded machine delays it less.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ hosts: { namespace: string; inode: number }[]; floatingAddress: string; intervalMs: number }} */
const { hosts, floatingAddress, intervalMs } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const inodes = new Map(hosts.map((host) => [host.inode, host.namespace]));
const netnsInode = (pid) => Number(readlinkSync(`/proc/${pid}/ns/net`).slice(5, -1));

let priority = 'nice -10';
try {
  setPriority(-10); // this thread only (Linux)
} catch (error) {
  priority = `default (not raised: ${error.message})`;
}

/**
 * A process that only lives in the host's namespace, so its /proc/<pid>/net shows that
 * namespace whatever else runs there (a host whose processes were all killed still has
 * addresses). Killed with this thread (--pdeathsig), and by stop.
 */
async function startAnchor(host) {
  const setpriv = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];
  const child = spawn('ip', ['netns', 'exec', host.namespace, ...setpriv, 'sleep', '3600'], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      // `ip netns exec` enters the namespace, then execs: the pid stays, its namespace changes.
      if (child.pid !== undefined && netnsInode(child.pid) === host.inode) return { host, process: child };
    } catch {
      // not started yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no anchor process in ${host.namespace} (exit ${child.exitCode})`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The floating address is a local address of the anchor's namespace (a `/32 host LOCAL` entry of its FIB). */
function holdsAddress(anchor) {
  if (anchor.process.exitCode !== null || anchor.process.signalCode !== null)
    throw new Error(`the anchor process in ${anchor.host.namespace} is gone`);
  const trie = readFileSync(`/proc/${anchor.process.pid}/net/fib_trie`, 'utf8');
  return localAddress.test(trie);
}
const localAddress = new RegExp(`\\|-- ${floatingAddress.replaceAll('.', '\\.')}\\n\\s+/32 host LOCAL`);

/** Live chat server processes in the hosts' namespaces. */
function chatProcesses() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue; // not a pid
    try {
      // Only processes in our namespaces are read further: cheap enough for every round.
      const link = readlinkSync(`/proc/${entry}/ns/net`);
      const host = inodes.get(Number(link.slice(5, -1)));
      if (!host) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes('chat-process.mjs')) continue;
      // Plain JavaScript on a worker (Node 20 runs no TypeScript, and nothing bundles this file), so the
      // state is read here as @wolfpack/resource-sdk/process-table reads it: after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie serves nobody
      // The chat process's one argument is its configuration (JSON), with the placement epoch.
      const epoch = /"epoch":(\d+)/.exec(cmdline)?.[1];
      found.push({ pid: Number(entry), host, epoch: epoch === undefined ? undefined : Number(epoch) });
    } catch {
      // it ended while we looked
    }
  }
  return found;
}

let anchors = [];
let stopped = false;
let inFlight;
let timer;

async function round() {
  try {
    if (anchors.length !== hosts.length)
      throw new Error(
        `anchor processes in ${anchors.length} of ${hosts.length} host namespaces: the round cannot see the addresses`,
      );
    const addressHolders = anchors.filter(holdsAddress).map((anchor) => anchor.host.namespace);
    const chats = chatProcesses();
    port.postMessage({ type: 'round', at: Date.now(), addressHolders, chats });
  } catch (error) {
    port.postMessage({
      type: 'error',
      at: Date.now(),
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** One round every intervalMs from the start of the last (at once when it took longer). */
function next(delayMs) {
  timer = setTimeout(() => {
    const started = Date.now();
    inFlight = round().finally(() => {
      inFlight = undefined;
      if (!stopped) next(Math.max(0, intervalMs - (Date.now() - started)));
    });
  }, delayMs);
}

port.on('message', async (request) => {
  if (request.type === 'flush') {
    // Messages arrive in order: once this reply is in, so is every round before it.
    port.postMessage({ type: 'flushed', id: request.id });
    return;
  }
  stopped = true;
  clearTimeout(timer);
  await inFlight;
  for (const anchor of anchors) anchor.process.kill('SIGKILL');
  port.postMessage({ type: 'stopped', at: Date.now() });
});

try {
  anchors = await Promise.all(hosts.map(startAnchor));
} catch (error) {
  port.postMessage({ type: 'error', at: Date.now(), message: error instanceof Error ? error.message : String(error) });
}
port.postMessage({ type: 'ready', at: Date.now(), priority });
next(0);
