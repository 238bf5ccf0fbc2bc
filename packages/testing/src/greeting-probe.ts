import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/*
 * A client's view of failover: keep opening new TCP connections to the group's address
 * until one is greeted by the expected server. A few attempts overlap, so an attempt
 * stuck on a server that is shutting down never delays noticing the new one.
 */

export interface Greeting {
  line: string;
  /** performance.now() when the greeting arrived. */
  at: number;
  /** Date.now() when the greeting arrived, to compare with event log times. */
  wallAt: number;
  attempts: number;
}

export interface ProbeOptions {
  /** Start a new attempt this often while fewer than maxPending are open. */
  intervalMs?: number;
  maxPending?: number;
  /** Give up on one attempt (no greeting) after this long. */
  attemptTimeoutMs?: number;
  timeoutMs?: number;
}

/** Resolves when a new connection to host:port receives a first line that `accept` accepts. */
export function waitForGreeting(
  host: string,
  port: number,
  accept: (line: string) => boolean,
  options: ProbeOptions = {},
): Promise<Greeting> {
  const { intervalMs = 5, maxPending = 3, attemptTimeoutMs = 1000, timeoutMs = 20_000 } = options;
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    let pending = 0;
    let attempts = 0;
    let done = false;
    let lastSeen = 'nothing';
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearInterval(ticker);
      clearTimeout(deadline);
      for (const socket of sockets) socket.destroy();
      outcome();
    };
    const attempt = () => {
      if (done || pending >= maxPending) return;
      pending += 1;
      attempts += 1;
      const socket = connect({ host, port });
      sockets.add(socket);
      let buffer = '';
      let settled = false;
      const end = () => {
        if (settled) return;
        settled = true;
        pending -= 1;
        clearTimeout(timer);
        sockets.delete(socket);
        socket.destroy();
      };
      const timer = setTimeout(end, attemptTimeoutMs);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        const newline = buffer.indexOf('\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        const at = performance.now();
        const wallAt = Date.now();
        end();
        lastSeen = JSON.stringify(line);
        if (accept(line)) finish(() => resolve({ line, at, wallAt, attempts }));
      });
      socket.on('error', (error) => {
        lastSeen = error.message;
        end();
      });
      socket.on('close', end);
    };
    const ticker = setInterval(attempt, intervalMs);
    const deadline = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `no accepted greeting from ${host}:${port} within ${timeoutMs} ms (${attempts} attempts; last: ${lastSeen})`,
            ),
          ),
        ),
      timeoutMs,
    );
    attempt();
  });
}
