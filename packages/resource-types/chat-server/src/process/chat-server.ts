import { createServer, type Server, type Socket } from 'node:net';
import { greeting, type ChatConfig, type ConnectedUser } from '../protocol.ts';
import type { History } from './history.ts';
import { LineSplitter } from './line-splitter.ts';

interface Client {
  socket: Socket;
  address: string;
  port: number;
  connectedSince: Date;
}

export interface ChatServerOptions {
  config: ChatConfig;
  history: History;
  /** Undefined while this process owns the disk; otherwise why it must not write. */
  staleOwnerReason: () => string | undefined;
  /** Called once when a line could not be stored (a stale owner, or the disk failing): the process must stop. */
  onWriteFailed: (reason: 'stale-owner' | 'history', message: string) => void;
  log: (message: string) => void;
}

/**
 * The paper's chat server: a line-based TCP chat. Each client is greeted, gets the recent
 * history, and every line it sends is stored on the group's disk and then broadcast to
 * every client, the sender included (its echo is the acknowledgement that the line is
 * stored), prefixed with the sender's `[address:port]`.
 */
export class ChatServer {
  private readonly server: Server;
  private readonly clients = new Set<Client>();
  private maxUser: number;
  /** Set once a write failed: from then on nothing is accepted or stored. */
  private writesStopped = false;

  constructor(private readonly options: ChatServerOptions) {
    this.maxUser = options.config.maxUser;
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening on the configured address and port. */
  listen(): Promise<void> {
    const { address, port } = this.options.config;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: address, port, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Changes the user limit; clients already connected stay, even above the new limit. */
  setMaxUser(maxUser: number): void {
    this.maxUser = maxUser;
  }

  connectedUsers(): ConnectedUser[] {
    return [...this.clients].map((client) => ({ address: client.address, port: client.port, connectedSince: client.connectedSince.toISOString() }));
  }

  /** Says `farewell` to every client, disconnects them and stops listening. */
  close(farewell?: string): Promise<void> {
    for (const client of this.clients) {
      if (farewell) client.socket.end(`${farewell}\n`);
      else client.socket.end();
      // A client that does not read must not hold the shutdown.
      setTimeout(() => client.socket.destroy(), 1000).unref();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.on('error', () => {}); // a reset by the peer is a normal way to leave
    if (this.writesStopped) {
      socket.destroy();
      return;
    }
    if (this.clients.size >= this.maxUser) {
      socket.end(`ERROR server full: MaxUser is ${this.maxUser}\n`);
      return;
    }
    const client: Client = { socket, address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0, connectedSince: new Date() };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    const { group, node } = this.options.config;
    const replay = this.options.history.recent();
    socket.write([greeting(group, node), ...replay].map((line) => `${line}\n`).join(''));
    const splitter = new LineSplitter();
    socket.on('data', (chunk: string) => {
      for (const text of splitter.push(chunk)) {
        if (text.trim() !== '') this.say(client, text);
      }
    });
  }

  private say(client: Client, text: string): void {
    if (this.writesStopped) return;
    const reason = this.options.staleOwnerReason();
    if (reason) {
      this.stopWrites(client, 'stale-owner', `stale owner: ${reason}`);
      return;
    }
    const line = `[${client.address}:${client.port}] ${text}`;
    try {
      this.options.history.append(line);
    } catch (error) {
      this.stopWrites(client, 'history', `history not written to ${this.options.history.dir}: ${(error as Error).message}`);
      return;
    }
    for (const other of this.clients) other.socket.write(`${line}\n`);
  }

  private stopWrites(client: Client, reason: 'stale-owner' | 'history', message: string): void {
    this.writesStopped = true;
    client.socket.write(`ERROR ${message}\n`);
    this.options.onWriteFailed(reason, message);
  }
}
