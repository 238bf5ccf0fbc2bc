// The chat client on the client host (run there with `ip netns exec`): connects to the
// group's floating address, writes numbered lines one at a time and reports, as JSON
// lines on stdout, each greeting (with the history replayed after it) and each line it
// saw echoed back (the echo means the server stored it). A connection that breaks, or an
// echo that does not come within a second, makes it connect again, every 20 ms.
// Usage: node chat-writer-process.mjs HOST PORT PAUSE_MS   (stdin closing ends it)
import { connect } from 'node:net';

const [host, portText, pauseText] = process.argv.slice(2);
const port = Number(portText);
const pauseMs = Number(pauseText ?? 50);
const echoTimeoutMs = 1000;
const connectTimeoutMs = 500;
const replayWaitMs = 50;
let next = 1;
let stopped = false;

const report = (event) => process.stdout.write(`${JSON.stringify({ at: Date.now(), ...event })}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One connection: resolves when it breaks or an echo is late, saying why and whether it was greeted. */
function session() {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buffer = '';
    let greeted = false;
    let node = '?';
    let waiting; // { n, timer }
    let replay; // the history lines after the greeting, while they arrive
    let done = false;
    const end = (why) => {
      if (done) return;
      done = true;
      if (waiting) clearTimeout(waiting.timer);
      socket.destroy();
      resolve({ why, greeted });
    };
    const connectTimer = setTimeout(() => end('connect timeout'), connectTimeoutMs);
    const send = () => {
      if (done || stopped) return end('stopped');
      const n = next++;
      waiting = { n, timer: setTimeout(() => end(`no echo of line-${n} within ${echoTimeoutMs} ms`), echoTimeoutMs) };
      report({ type: 'sent', n, node });
      socket.write(`line-${n}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => clearTimeout(connectTimer));
    socket.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      if (replay) {
        // The greeting and the replayed history: one write, but maybe several TCP segments.
        replay.push(...lines);
        return;
      }
      if (!greeted && lines.length > 0) {
        greeted = true;
        const greeting = lines.shift().replace(/\r$/, '');
        node = greeting.slice(greeting.lastIndexOf(' ') + 1);
        if (!greeting.startsWith('WELCOME')) {
          report({ type: 'greeting', line: greeting, node, history: [] });
          return end(`refused: ${greeting}`);
        }
        replay = lines;
        const greetedAt = Date.now();
        setTimeout(() => {
          report({ type: 'greeting', at: greetedAt, line: greeting, node, history: replay });
          replay = undefined;
          send();
        }, replayWaitMs);
        return;
      }
      for (const line of lines) {
        const match = / line-(\d+)$/.exec(line);
        if (waiting && match && Number(match[1]) === waiting.n) {
          clearTimeout(waiting.timer);
          report({ type: 'ack', n: waiting.n, node });
          waiting = undefined;
          setTimeout(send, pauseMs);
        } else if (line.startsWith('ERROR')) {
          report({ type: 'error-line', line, node });
        }
      }
    });
    socket.on('error', (error) => end(error.code ?? error.message));
    socket.on('close', () => end('closed'));
  });
}

process.stdin.on('end', () => {
  stopped = true;
  setTimeout(() => process.exit(0), 100);
});
process.stdin.resume();

while (!stopped) {
  const { why, greeted } = await session();
  if (stopped) break;
  // Failed attempts while the group is nowhere are not news; a lost session is.
  if (greeted) report({ type: 'disconnected', why });
  await sleep(20);
}
