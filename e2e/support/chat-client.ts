import { connect, type Socket } from 'node:net';

/** A raw TCP client of the chat server, like `nc`: collects lines, sends lines. */
export class ChatClient {
  readonly lines: string[] = [];
  closed = false;
  #buffer = '';
  #wake: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      let end: number;
      while ((end = this.#buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.#buffer.slice(0, end).replace(/\r$/, ''));
        this.#buffer = this.#buffer.slice(end + 1);
      }
      this.#notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#notify();
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

  static connect(host: string, port: number, timeoutMs = 3_000): Promise<ChatClient> {
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

  /** The first line (the greeting, or the server's refusal); throws if none comes in time. */
  async firstLine(timeoutMs = 5_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (this.closed) throw new Error('the chat server closed the connection without a line');
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no line from the chat server within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.lines[0]!;
  }

  close(): void {
    this.socket.destroy();
  }

  #notify(): void {
    const waiting = this.#wake;
    this.#wake = [];
    for (const wake of waiting) wake();
  }
}

/**
 * Connects until the server answers with a first line (a group that just moved may take
 * a moment to listen on its new node); resolves to that line and the open client.
 */
export async function greetingFrom(host: string, port: number, timeoutMs = 20_000): Promise<{ line: string; client: ChatClient }> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const client = await ChatClient.connect(host, port, 1_000);
      try {
        return { line: await client.firstLine(2_000), client };
      } catch (error) {
        client.close();
        throw error;
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no greeting from ${host}:${port} within ${timeoutMs} ms: ${String(lastError)}`);
}
