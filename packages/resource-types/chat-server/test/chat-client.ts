import { connect, type Socket } from 'node:net';

/** A raw TCP chat client (what `nc` would be), reading the server's lines in order. */
export class ChatClient {
  readonly lines: string[] = [];
  private cursor = 0;
  private buffered = '';
  private wake: (() => void) | undefined;
  readonly closed: Promise<void>;
  /** Kept from connect time: a closed socket no longer knows its local end. */
  readonly localAddress: string;
  readonly localPort: number;

  private constructor(private readonly socket: Socket) {
    this.localAddress = socket.localAddress ?? '';
    this.localPort = socket.localPort ?? 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffered += chunk;
      const parts = this.buffered.split('\n');
      this.buffered = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake?.();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', () => {
      resolve();
      this.wake?.();
    }));
  }

  /** allowHalfOpen: the client does not close its side when the server closes its own (as a careless or hostile client would not). */
  static connect(address: string, port: number, options: { allowHalfOpen?: boolean } = {}): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port, allowHalfOpen: options.allowHalfOpen ?? false }, () => resolve(new ChatClient(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** The prefix the server puts on this client's lines. */
  get prefix(): string {
    return `[${this.localAddress}:${this.localPort}]`;
  }

  send(text: string): void {
    this.socket.write(`${text}\n`);
  }

  /** Writes raw bytes, newlines and all (a flood, a line in pieces). */
  write(raw: string): void {
    this.socket.write(raw);
  }

  /** Forgets the lines already read (a long test keeps memory and error messages small). */
  forgetRead(): void {
    this.lines.splice(0, this.cursor);
    this.cursor = 0;
  }

  /** Stops reading: what the server sends piles up in the kernel, then in the server. */
  stopReading(): void {
    this.socket.pause();
  }

  /** The next unread line; rejects after timeoutMs or when the server closed first. */
  async nextLine(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.lines.length) {
      if (this.socket.destroyed) throw new Error(`connection closed; lines so far: ${JSON.stringify(this.lines)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line within ${timeoutMs} ms; lines so far: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.lines[this.cursor++]!;
  }

  /** Reads lines until one matches; returns it. */
  async waitFor(match: (line: string) => boolean, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.nextLine(Math.max(1, deadline - Date.now()));
      if (match(line)) return line;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
