import { startDnsThread, type DnsThread, type NameTable } from './dns-thread.ts';
import type { SourceRateLimit } from './source-rate-limit.ts';

/*
 * The manager's DNS responder, kept listening where the cluster record says. An
 * administrator may change dnsAddress or dnsPort while the cluster runs: the old socket
 * is closed and the new one opened, without restarting anything. An address or port that
 * cannot be bound (held by the previous leader, or by anything else) is tried again
 * every few seconds until it can, or until the record names another one. The responder
 * runs on a thread of its own (dns-thread.ts), answering from the table names() returns,
 * read again after each namesChanged().
 */

/** Where a DNS responder listens. */
export interface DnsEndpoint {
  address: string;
  port: number;
}

export interface FollowedDnsResponderOptions {
  /** The names it answers for: name (lower case, no trailing dot) → IPv4 addresses. */
  names: () => NameTable;
  log(message: string): void;
  /** Wait between attempts to bind an endpoint that refused. Default 2000 ms. */
  retryMs?: number;
  /** Per source address; default the responder's (defaultSourceRateLimit). */
  rateLimit?: SourceRateLimit;
  /** The thread's bundle; default dnsWorkerScript(). */
  workerScript?: string;
}

const endpointText = (endpoint: DnsEndpoint) => `${endpoint.address}:${endpoint.port}`;
const sameEndpoint = (a: DnsEndpoint | undefined, b: DnsEndpoint | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.address === b.address && a.port === b.port);

/** A DNS responder that moves to whichever endpoint it is last told to follow. */
export class FollowedDnsResponder {
  readonly #options: FollowedDnsResponderOptions;
  #wanted: DnsEndpoint | undefined;
  #current: { endpoint: DnsEndpoint; responder: DnsThread } | undefined;
  #namesPending = false;
  #working: Promise<void> | undefined;
  #again = false;
  #retry: NodeJS.Timeout | undefined;
  #complainedAbout: string | undefined;
  #everListened = false;
  #closed = false;

  constructor(options: FollowedDnsResponderOptions) {
    this.#options = options;
  }

  /** Where it listens now (undefined while it is between endpoints or cannot bind). */
  get listening(): DnsEndpoint | undefined {
    return this.#current?.endpoint;
  }

  /** Listen at this endpoint from now on (undefined: nowhere). Cheap when nothing changed. */
  follow(endpoint: DnsEndpoint | undefined): void {
    if (this.#closed || sameEndpoint(endpoint, this.#wanted)) return;
    this.#wanted = endpoint === undefined ? undefined : { address: endpoint.address, port: endpoint.port };
    clearTimeout(this.#retry);
    this.#kick();
  }

  /** The names may have changed: the responder reads names() again once this turn of the event loop ends. */
  namesChanged(): void {
    if (this.#namesPending || this.#closed) return;
    this.#namesPending = true;
    setImmediate(() => {
      this.#namesPending = false;
      if (!this.#closed) this.#current?.responder.publish(this.#options.names());
    });
  }

  /** The port it listens on now, as bound (differs from the endpoint's when that asked for 0). */
  get boundPort(): number | undefined {
    return this.#current?.responder.port;
  }

  /** Resolves once the latest endpoint has been bound, or has failed its first attempt. */
  async settled(): Promise<void> {
    while (this.#working) await this.#working;
  }

  /** Stop listening for good. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.settled();
    const current = this.#current;
    this.#current = undefined;
    await current?.responder.close();
  }

  /** One rebinding at a time; a change that arrives meanwhile is taken up after it. */
  #kick(): void {
    if (this.#working) {
      this.#again = true;
      return;
    }
    this.#working = this.#rebind().finally(() => {
      this.#working = undefined;
      if (this.#again && !this.#closed) {
        this.#again = false;
        this.#kick();
      }
    });
  }

  async #rebind(): Promise<void> {
    const wanted = this.#wanted;
    if (sameEndpoint(this.#current?.endpoint, wanted)) return;
    if (this.#current) {
      // Closed first: the new endpoint may be the same port on another address that
      // overlaps it (0.0.0.0), which the old socket would keep busy.
      const old = this.#current;
      this.#current = undefined;
      await old.responder.close();
    }
    if (!wanted || this.#closed) return;
    try {
      const responder = await startDnsThread({
        address: wanted.address,
        port: wanted.port,
        names: this.#options.names(),
        ...(this.#options.rateLimit ? { rateLimit: this.#options.rateLimit } : {}),
        ...(this.#options.workerScript ? { workerScript: this.#options.workerScript } : {}),
        log: this.#options.log,
        onError: (message) => this.#options.log(`DNS responder on ${endpointText(wanted)}: ${message}`),
        onExit: (reason) => {
          this.#options.log(`DNS responder on ${endpointText(wanted)}: ${reason}; starting it again`);
          if (this.#current?.responder !== responder) return;
          this.#current = undefined;
          if (!this.#closed) this.#retry = setTimeout(() => this.#kick(), this.#options.retryMs ?? 2000);
        },
      });
      if (this.#closed || !sameEndpoint(wanted, this.#wanted)) {
        // Told to stop, or to go elsewhere, while binding: the next pass (if any) does that.
        await responder.close();
        return;
      }
      this.#current = { endpoint: wanted, responder };
      // Names that changed while it was binding.
      responder.publish(this.#options.names());
      if (this.#everListened || this.#complainedAbout !== undefined)
        this.#options.log(`DNS responder listening on ${endpointText(wanted)}`);
      this.#everListened = true;
      this.#complainedAbout = undefined;
    } catch (error) {
      const text = endpointText(wanted);
      if (this.#complainedAbout !== text)
        this.#options.log(
          `DNS responder not started on ${text}: ${(error as Error).message}; retrying every ${(this.#options.retryMs ?? 2000) / 1000} s`,
        );
      this.#complainedAbout = text;
      if (!this.#closed && sameEndpoint(wanted, this.#wanted))
        this.#retry = setTimeout(() => this.#kick(), this.#options.retryMs ?? 2000);
    }
  }
}
