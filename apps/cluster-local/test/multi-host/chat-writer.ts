import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onHost, type NetworkHost } from './network.ts';

/*
 * The chat client on the client host, as seen from the test: its greetings (which node
 * answered, and the history it replayed) and its acknowledged lines (echoed back, so
 * stored). It keeps writing through every fault; the test reads what it saw.
 */

export interface Greeting {
  at: number;
  node: string;
  line: string;
  history: string[];
}

export interface Ack {
  at: number;
  n: number;
  node: string;
}

type WriterEvent =
  | ({ type: 'greeting' } & Greeting)
  | ({ type: 'ack' } & Ack)
  | { type: 'sent'; at: number; n: number; node: string }
  | { type: 'disconnected'; at: number; why: string }
  | { type: 'error-line'; at: number; line: string; node: string };

const script = join(dirname(fileURLToPath(import.meta.url)), 'chat-writer-process.mjs');

export class ChatWriter {
  readonly greetings: Greeting[] = [];
  readonly acks: Ack[] = [];
  /** Everything it reported, for a failure's story. */
  readonly events: WriterEvent[] = [];
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #exited: Promise<void>;

  /** Start writing to address:port from the client host, a line every pauseMs. */
  constructor(client: NetworkHost, address: string, port: number, pauseMs = 40) {
    const command = [...onHost(client), process.execPath, script, address, String(port), String(pauseMs)];
    this.#child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    let buffer = '';
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) this.#take(JSON.parse(line) as WriterEvent);
    });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) =>
      this.events.push({ type: 'error-line', at: Date.now(), line: chunk.trim(), node: 'client' }),
    );
  }

  #take(event: WriterEvent): void {
    this.events.push(event);
    if (this.events.length > 5000) this.events.splice(0, 1000);
    if (event.type === 'greeting') this.greetings.push(event);
    if (event.type === 'ack') this.acks.push(event);
  }

  /** The first greeting after `since` (Date.now()) from a node `accept` accepts. */
  async greetingAfter(
    since: number,
    accept: (node: string) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<Greeting> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.greetings.find((greeting) => greeting.at >= since && accept(greeting.node));
      if (found) return found;
      if (Date.now() > until)
        throw new Error(
          `the client was not greeted ${accept.toString()} after ${new Date(since).toISOString()} within ${timeoutMs} ms; last events:\n${this.story()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until a line sent after `since` is acknowledged by `node` (the chat works there). */
  async ackAfter(since: number, node?: string, timeoutMs = 30_000): Promise<Ack> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.acks.find((ack) => ack.at >= since && (node === undefined || ack.node === node));
      if (found) return found;
      if (Date.now() > until)
        throw new Error(
          `no line acknowledged${node ? ` by ${node}` : ''} after ${new Date(since).toISOString()} within ${timeoutMs} ms; last events:\n${this.story()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The last acknowledged line before `before`. */
  lastAckBefore(before: number): Ack | undefined {
    return this.acks.filter((ack) => ack.at < before).at(-1);
  }

  /** The last events, one per line, for error messages. */
  story(count = 30): string {
    return this.events
      .slice(-count)
      .map((event) => `${new Date(event.at).toISOString()} ${JSON.stringify(event)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    await this.#exited;
    clearTimeout(timer);
  }
}

/** Numbers of acknowledged lines missing from the chat history file (`line-<n>` at a line's end). */
export function missingFromHistory(historyFile: string, acks: Ack[]): number[] {
  const stored = new Set<number>();
  if (existsSync(historyFile)) {
    for (const line of readFileSync(historyFile, 'utf8').split('\n')) {
      const match = / line-(\d+)$/.exec(line);
      if (match) stored.add(Number(match[1]));
    }
  }
  return acks.map((ack) => ack.n).filter((n) => !stored.has(n));
}
