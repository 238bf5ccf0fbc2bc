import { createServer, type Server, type Socket } from 'node:net';
import { TokenBucket, type TokenRate } from '@wolfpack/resource-sdk/token-bucket';
import { greeting, type ChatConfig, type ChatLimits, type ConnectedUser } from '../protocol.ts';
import type { History } from './history.ts';
import { LineSplitter } from './line-splitter.ts';

/** Output a client may leave unread before it is dropped: it slows nobody else, and costs bounded memory. */
export const maxUnreadBytes = 1024 * 1024;
/** Input held per client past its line rate; beyond it the socket is not read, so TCP slows the sender. */
export const maxHeldInput = 64 * 1024;
/** Lines waiting for the disk, all clients together; beyond it no more input is taken. */
export const maxQueuedBytes = 256 * 1024;
/** Sockets open at once beyond MaxUser (those being refused): past it the kernel's connection is closed at once. */
export const spareConnections = 32;
/** How long a refused or dropped client has to take its ERROR line before its socket is destroyed. */
const goodbyeMs = 1000;

interface Client {
  socket: Socket;
  address: string;
  port: number;
  connectedSince: Date;
  splitter: LineSplitter;
  /** Its line allowance: up to LineBurst lines at once, then LineRate a second. */
  allowance: TokenBucket;
  /** When its next line is allowed, while it has input waiting beyond its rate. */
  wake: NodeJS.Timeout | undefined;
  /** Last time anything was received from it (ms). */
  heardAt: number;
}

interface PendingLine {
  client: Client;
  line: string;
}

export interface ChatServerOptions {
  config: ChatConfig;
  history: History;
  /** Undefined while this process owns the disk; otherwise why it must not write. */
  staleOwnerReason: () => string | undefined;
  /** Called once when a batch could not be stored (a stale owner, or the disk failing): the process must stop. */
  onWriteFailed: (reason: 'stale-owner' | 'history', message: string) => void;
  log: (message: string) => void;
}

/** Sends a last line, then closes the socket for good, even if the peer never reads or closes. */
function sayLastLine(socket: Socket, line: string): void {
  socket.end(`${line}\n`, () => socket.destroy());
  setTimeout(() => socket.destroy(), goodbyeMs).unref();
}

/**
 * The paper's chat server: a line-based TCP chat. Each client is greeted, gets the recent
 * history, and every line it sends is stored on the group's disk and then broadcast to
 * every client, the sender included (its echo is the acknowledgement that the line is
 * stored), prefixed with the sender's `[address:port]`.
 *
 * It survives its clients: lines are taken at each client's line rate and stored in
 * batches (one fdatasync per batch, off the event loop), a client that does not read its
 * output is dropped, one that sends no whole line for IdleTimeout is disconnected, and refused
 * sockets are destroyed once their ERROR line is out.
 */
export class ChatServer {
  readonly #server: Server;
  readonly #clients = new Set<Client>();
  #limits: ChatLimits;
  /** Lines taken from clients, not yet on the disk (and so not yet echoed). */
  #queue: PendingLine[] = [];
  #queuedBytes = 0;
  /** The batch being written and synced, if any: one at a time. */
  #committing: Promise<void> | undefined;
  /** Set once a write failed: from then on nothing is accepted or stored. */
  #writesStopped = false;
  #closing = false;
  readonly #idleSweep: NodeJS.Timeout;
  readonly #options: ChatServerOptions;

  constructor(options: ChatServerOptions) {
    this.#options = options;
    const { maxUser, idleTimeout, lineRate, lineBurst, historyMaxBytes } = options.config;
    this.#limits = { maxUser, idleTimeout, lineRate, lineBurst, historyMaxBytes };
    this.#server = createServer((socket) => this.#accept(socket));
    this.#server.maxConnections = maxUser + spareConnections;
    this.#idleSweep = setInterval(() => this.#dropIdle(Date.now()), 1000);
    this.#idleSweep.unref();
  }

  /** Starts listening on the configured address and port. */
  listen(): Promise<void> {
    const { address, port } = this.#options.config;
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ host: address, port, exclusive: true }, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /** Changes the limits; clients already connected stay, even above a lowered MaxUser. */
  setLimits(limits: ChatLimits): void {
    this.#limits = { ...limits };
    this.#server.maxConnections = limits.maxUser + spareConnections;
    this.#options.history.setMaxBytes(limits.historyMaxBytes);
  }

  connectedUsers(): ConnectedUser[] {
    return [...this.#clients].map((client) => ({
      address: client.address,
      port: client.port,
      connectedSince: client.connectedSince.toISOString(),
    }));
  }

  /** Lets the batch being synced finish (its lines are echoed), says `farewell` to every client, disconnects them and stops listening. */
  async close(farewell?: string): Promise<void> {
    this.#closing = true;
    clearInterval(this.#idleSweep);
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.#committing;
    for (const client of this.#clients) {
      clearTimeout(client.wake);
      if (farewell) client.socket.end(`${farewell}\n`);
      else client.socket.end();
      // A client that does not read must not hold the shutdown.
      setTimeout(() => client.socket.destroy(), goodbyeMs).unref();
    }
    return closed;
  }

  #accept(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('error', () => {}); // a reset by the peer is a normal way to leave
    if (this.#writesStopped || this.#closing) {
      socket.destroy();
      return;
    }
    if (this.#clients.size >= this.#limits.maxUser) {
      sayLastLine(socket, `ERROR server full: MaxUser is ${this.#limits.maxUser}`);
      return;
    }
    const now = Date.now();
    const client: Client = {
      socket,
      address: socket.remoteAddress ?? '?',
      port: socket.remotePort ?? 0,
      connectedSince: new Date(now),
      splitter: new LineSplitter(),
      allowance: new TokenBucket(this.#rate(), now),
      wake: undefined,
      heardAt: now,
    };
    this.#clients.add(client);
    socket.on('close', () => {
      clearTimeout(client.wake);
      this.#clients.delete(client);
    });
    const { group, node } = this.#options.config;
    const replay = this.#options.history.recent();
    socket.write([greeting(group, node), ...replay].map((line) => `${line}\n`).join(''));
    socket.on('data', (chunk: string) => {
      client.splitter.push(chunk);
      this.#takeLines(client);
      this.#commitSoon();
    });
  }

  #rate(): TokenRate {
    return { perSecond: this.#limits.lineRate, burst: this.#limits.lineBurst };
  }

  /** Queues the client's waiting lines its allowance and the disk queue permit; the rest waits. The caller then calls commitSoon. */
  #takeLines(client: Client): void {
    if (this.#writesStopped || this.#closing || client.socket.destroyed) return;
    const now = Date.now();
    // The limits as they are now: setLimits changes the rate of the clients already connected.
    client.allowance.rate = this.#rate();
    while (client.allowance.tokens(now) >= 1 && this.#queuedBytes < maxQueuedBytes) {
      const text = client.splitter.next();
      if (text === undefined) break;
      if (text.trim() === '') continue;
      // Only a whole line counts as talking: a byte now and then must not hold a MaxUser slot.
      client.heardAt = Date.now();
      client.allowance.spend();
      const line = `[${client.address}:${client.port}] ${text}`;
      this.#queue.push({ client, line });
      this.#queuedBytes += Buffer.byteLength(line) + 1;
    }
    if (client.splitter.buffered > maxHeldInput) client.socket.pause();
    else client.socket.resume();
    if (client.splitter.buffered > 0 && client.allowance.tokens(now) < 1 && client.wake === undefined) {
      client.wake = setTimeout(() => {
        client.wake = undefined;
        this.#takeLines(client);
        this.#commitSoon();
      }, client.allowance.waitMs(now));
    }
  }

  #commitSoon(): void {
    if (this.#committing || this.#writesStopped || this.#closing || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#queuedBytes = 0;
    this.#committing = this.#commit(batch).finally(() => {
      this.#committing = undefined;
      // Input held back while the queue was full can come in now.
      for (const client of this.#clients)
        if (client.splitter.buffered > 0 && client.wake === undefined) this.#takeLines(client);
      this.#commitSoon();
    });
  }

  /** Stores a batch (after checking the disk is still ours), then echoes it to everyone. */
  async #commit(batch: PendingLine[]): Promise<void> {
    const reason = this.#options.staleOwnerReason();
    if (reason) {
      this.#stopWrites(batch, 'stale-owner', `stale owner: ${reason}`);
      return;
    }
    try {
      await this.#options.history.append(batch.map((pending) => pending.line));
    } catch (error) {
      this.#stopWrites(
        batch,
        'history',
        `history not written to ${this.#options.history.dir}: ${(error as Error).message}`,
      );
      return;
    }
    this.#broadcast(batch.map((pending) => `${pending.line}\n`).join(''));
  }

  #broadcast(text: string): void {
    for (const client of this.#clients) {
      const { socket } = client;
      if (socket.destroyed) continue;
      if (socket.writableLength + text.length > maxUnreadBytes) {
        this.#options.log(
          `dropped ${client.address}:${client.port}: more than ${maxUnreadBytes} bytes of chat left unread`,
        );
        socket.destroy();
        continue;
      }
      socket.write(text);
    }
  }

  #dropIdle(now: number): void {
    const timeoutMs = this.#limits.idleTimeout * 1000;
    for (const client of this.#clients) {
      if (now - client.heardAt < timeoutMs || client.socket.writableEnded) continue;
      sayLastLine(client.socket, `ERROR idle timeout: no line received for ${this.#limits.idleTimeout} s`);
      // Its MaxUser slot is free from now, not from when its socket has closed.
      clearTimeout(client.wake);
      this.#clients.delete(client);
    }
  }

  #stopWrites(batch: PendingLine[], reason: 'stale-owner' | 'history', message: string): void {
    this.#writesStopped = true;
    for (const client of new Set(batch.map((pending) => pending.client))) client.socket.write(`ERROR ${message}\n`);
    this.#options.onWriteFailed(reason, message);
  }
}
