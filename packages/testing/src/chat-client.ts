import { connect, type Socket } from 'node:net';

/**
 * A raw TCP client of the chat server, like `nc`: collects lines, sends lines. The launcher's,
 * the server's, the CLI's, the client's, the chat server type's and the e2e tests all use
 * this one. Lines are kept in order: `waitForLine` searches all of them, `nextLine` reads
 * them one after another.
 */
export class ChatClient {
  readonly socket: Socket;
  readonly lines: string[] = [];
  /** True once the connection has closed. */
  closed = false;
  /** Resolves when the connection closes. */
  readonly ended: Promise<void>;
  /** Kept from connect time: a closed socket no longer knows its local end. */
  readonly localAddress: string;
  readonly localPort: number;
  #buffer = '';
  #cursor = 0;
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let index: number;
      while ((index = this.#buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.#buffer.slice(0, index).replace(/\r$/, ''));
        this.#buffer = this.#buffer.slice(index + 1);
      }
      this.#wake();
    });
    this.ended = new Promise((resolve) =>
      socket.on('close', () => {
        this.closed = true;
        resolve();
        this.#wake();
      }),
    );
    socket.on('error', () => undefined);
  }

  /**
   * Connects, failing after `timeoutMs`. allowHalfOpen: the client does not close its side
   * when the server closes its own (as a careless or hostile client would not).
   */
  static connect(
    host: string,
    port: number,
    { timeoutMs = 5000, allowHalfOpen = false }: { timeoutMs?: number; allowHalfOpen?: boolean } = {},
  ): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, allowHalfOpen });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new ChatClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Closed, or the server has ended its side (a half-open client is not closed yet). */
  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** The prefix the chat server puts on this client's lines. */
  get prefix(): string {
    return `[${this.localAddress}:${this.localPort}]`;
  }

  /** Wait for a line matching the predicate (searching lines already received too). */
  async waitForLine(predicate: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found !== undefined) return found;
      if (this.closed) throw new Error(`connection closed; lines: ${JSON.stringify(this.lines)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching line within ${timeoutMs} ms; lines: ${JSON.stringify(this.lines)}`);
      await this.#sleep(left);
    }
  }

  /** The first line (the greeting, or the server's refusal); throws if none comes in time. */
  firstLine(timeoutMs = 5000): Promise<string> {
    return this.waitForLine(() => true, timeoutMs);
  }

  /** The next unread line; rejects after timeoutMs or when the connection closed first. */
  async nextLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.#cursor >= this.lines.length) {
      if (this.socket.destroyed) throw new Error(`connection closed; lines so far: ${JSON.stringify(this.lines)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${timeoutMs} ms; lines so far: ${JSON.stringify(this.lines)}`);
      await this.#sleep(left);
    }
    return this.lines[this.#cursor++]!;
  }

  /** Reads lines (from the next unread one) until one matches; returns it. */
  async nextMatching(match: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.nextLine(Math.max(1, deadline - Date.now()));
      if (match(line)) return line;
    }
  }

  /** Forgets the lines already read by nextLine (a long test keeps memory and error messages small). */
  forgetRead(): void {
    this.lines.splice(0, this.#cursor);
    this.#cursor = 0;
  }

  async waitForClose(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await this.#sleep(50);
    }
  }

  send(line: string): void {
    this.socket.write(`${line}\n`);
  }

  /** Writes raw bytes, newlines and all (a flood, a line in pieces). */
  write(raw: string): void {
    this.socket.write(raw);
  }

  /** Stops reading: what the server sends piles up in the kernel, then in the server. */
  stopReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.destroy();
  }

  /** Until the next line or close, or `ms`. */
  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * Connects until the server answers with a first line (a group that just moved may take a
 * moment to listen on its new node); resolves to that line and the open client.
 */
export async function greetingOf(
  host: string,
  port: number,
  timeoutMs = 15_000,
): Promise<{ greeting: string; client: ChatClient }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const client = await ChatClient.connect(host, port, { timeoutMs: 1000 });
      try {
        return { greeting: await client.firstLine(2000), client };
      } catch (error) {
        client.close();
        throw error;
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`no greeting from ${host}:${port} within ${timeoutMs} ms: ${String(lastError)}`);
}

/** greetingOf with the first line named `line` and a longer wait, as the e2e tests and the CLI's use it. */
export async function greetingFrom(
  host: string,
  port: number,
  timeoutMs = 20_000,
): Promise<{ line: string; client: ChatClient }> {
  const { greeting, client } = await greetingOf(host, port, timeoutMs);
  return { line: greeting, client };
}

/** The line a new client is greeted with, retried as greetingOf does; the client is closed again. */
export async function greetingLine(host: string, port: number, timeoutMs = 15_000): Promise<string> {
  const { greeting, client } = await greetingOf(host, port, timeoutMs);
  client.close();
  return greeting;
}
