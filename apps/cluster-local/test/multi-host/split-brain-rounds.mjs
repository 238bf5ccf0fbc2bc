// The split-brain watcher's rounds, on a worker thread of its own (started by
// split-brain-watcher.ts): the test's thread stalls for tens of milliseconds at a time
// (etcd calls, JSON, child processes), and rounds sharing its event loop were late then.
// Each round asks every host for the addresses on its eth0 (one long-lived `ip -batch` per
// namespace, so a round spawns nothing) and scans /proc for chat server processes, placing
// each in its host by the inode of its network namespace; it posts what it saw, stamped
// with the time it ended. The thread and its probes run at nice -10 (the cluster's
// processes keep their priority), so a loaded machine delays the rounds less.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ hosts: { namespace: string; inode: number }[]; floatingAddress: string; intervalMs: number }} */
const { hosts, floatingAddress, intervalMs } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// `ip -o -4 -batch` answers `addr show dev eth0` with one line per address; the answer to
// `addr show dev lo` (exactly one line: lo's 127.0.0.1) marks its end. (Not `link show`:
// after one, the batch mode of iproute2 6.1 forgets -4 and `addr show` prints no addresses.)
const probeCommands = 'addr show dev eth0\naddr show dev lo\n';
const endMarker = /^1: lo\s+inet /;
const inodes = new Map(hosts.map((host) => [host.inode, host.namespace]));

let priority = 'nice -10';
try {
  setPriority(-10); // this thread only (Linux)
} catch (error) {
  priority = `default (not raised: ${error.message})`;
}

function startProbe(host) {
  const child = spawn('ip', ['-o', '-4', '-n', host.namespace, '-batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    if (child.pid !== undefined) setPriority(child.pid, -10);
  } catch {
    // not allowed: the probe answers at its default priority
  }
  const probe = { host, process: child, buffer: '', lines: [], reply: undefined };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    probe.buffer += chunk;
    let end;
    while ((end = probe.buffer.indexOf('\n')) >= 0) {
      const line = probe.buffer.slice(0, end);
      probe.buffer = probe.buffer.slice(end + 1);
      if (!endMarker.test(line)) {
        probe.lines.push(line);
        continue;
      }
      const lines = probe.lines;
      probe.lines = [];
      probe.reply?.(lines);
    }
  });
  child.stderr.resume();
  child.stdin.on('error', () => undefined);
  return probe;
}

/** eth0's address lines of the probe's host; rejects when the host does not answer within 2 s. */
function ask(probe) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      probe.reply = undefined;
      reject(new Error(`${probe.host.namespace} did not answer \`ip addr show\` within 2000 ms (probe ${probe.process.exitCode === null ? 'running' : `exited ${probe.process.exitCode}`})`));
    }, 2000);
    probe.reply = (lines) => {
      clearTimeout(timer);
      probe.reply = undefined;
      resolve(lines);
    };
    probe.process.stdin.write(probeCommands);
  });
}

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

const probes = hosts.map(startProbe);
const floating = ` inet ${floatingAddress}/`;
let stopped = false;
let inFlight;
let timer;

async function round() {
  try {
    const answers = await Promise.all(probes.map(ask));
    const addressHolders = probes.filter((_, index) => answers[index].some((line) => line.includes(floating))).map((probe) => probe.host.namespace);
    const chats = chatProcesses();
    port.postMessage({ type: 'round', at: Date.now(), addressHolders, chats });
  } catch (error) {
    port.postMessage({ type: 'error', at: Date.now(), message: error instanceof Error ? error.message : String(error) });
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
  for (const probe of probes) probe.process.kill('SIGKILL');
  port.postMessage({ type: 'stopped', at: Date.now() });
});

port.postMessage({ type: 'ready', at: Date.now(), priority });
next(0);
