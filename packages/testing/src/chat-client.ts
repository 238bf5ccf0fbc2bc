import { connect, type Socket } from 'node:net';

/**
 * A raw TCP client of the chat server, like `nc`: collects lines, sends lines. The launcher's,
 * the server's, the CLI's, the client's and the e2e tests all use this one.
 */
export class ChatClient {
  readonly socket: Socket;
  readonly lines: string[] = [];
  #buffer = '';
  #waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
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
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  /** Where this client connects from, as the server sees it. */
  get localAddress(): string {
    return this.socket.localAddress ?? '';
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  static connect(host: string, port: number, timeoutMs = 5000): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
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

  /** Wait for a line matching the predicate (searching lines already received too). */
  async waitForLine(predicate: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found !== undefined) return found;
      if (this.closed) throw new Error(`connection closed; lines: ${JSON.stringify(this.lines)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching line within ${timeoutMs} ms; lines: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first line (the greeting, or the server's refusal); throws if none comes in time. */
  firstLine(timeoutMs = 5000): Promise<string> {
    return this.waitForLine(() => true, timeoutMs);
  }

  async waitForClose(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(line: string): void {
    this.socket.write(`${line}\n`);
  }

  close(): void {
    this.socket.destroy();
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
export async function greetingOf(host: string, port: number, timeoutMs = 15_000): Promise<{ greeting: string; client: ChatClient }> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const client = await ChatClient.connect(host, port, 1000);
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
export async function greetingFrom(host: string, port: number, timeoutMs = 20_000): Promise<{ line: string; client: ChatClient }> {
  const { greeting, client } = await greetingOf(host, port, timeoutMs);
  return { line: greeting, client };
}

/** The line a new client is greeted with, retried as greetingOf does; the client is closed again. */
export async function greetingLine(host: string, port: number, timeoutMs = 15_000): Promise<string> {
  const { greeting, client } = await greetingOf(host, port, timeoutMs);
  client.close();
  return greeting;
}
