import type { PublishedRecord } from '@wolfpack/contracts';
import { ResourceHost } from '../host/index.ts';

export interface HostPoolOptions {
  hostScript: string;
  node: string;
  log(message: string): void;
  onFailure(resource: string, reason: string): void;
  onPublish(resource: string, records: PublishedRecord[]): void;
  /** A host exited: every resource open in it has failed. */
  onHostExit(hostName: string, reason: string): void;
  onFenced(hostName: string): void;
}

/**
 * The node's resource hosts: one shared host, plus one per resource that asks for a
 * separate monitor (MSCS "Run this resource in a separate Resource Monitor").
 */
export class HostPool {
  readonly #options: HostPoolOptions;
  readonly #hosts = new Map<string, Promise<ResourceHost>>();
  #fenceDeadline = 0;
  #terminateWithinMs = 150;

  constructor(options: HostPoolOptions) {
    this.#options = options;
  }

  /** Name of the host a resource runs in. */
  hostNameFor(resource: string, separateMonitor: boolean): string {
    return separateMonitor ? `separate:${resource}` : 'shared';
  }

  /** The host by name, started on first use. */
  get(hostName: string): Promise<ResourceHost> {
    let host = this.#hosts.get(hostName);
    if (!host) {
      const started: Promise<ResourceHost> = ResourceHost.start({
        hostScript: this.#options.hostScript,
        name: `${this.#options.node}/${hostName}`,
        log: (line) => this.#options.log(`[host ${hostName}] ${line}`),
        onFailure: (resource, reason) => this.#options.onFailure(resource, reason),
        onPublish: (resource, records) => this.#options.onPublish(resource, records),
        onFenced: () => this.#options.onFenced(hostName),
        onExit: (info) => {
          // A host we killed on purpose was already removed: only a surprise is a failure.
          if (this.#hosts.get(hostName) !== started) return;
          this.#hosts.delete(hostName);
          this.#options.onHostExit(hostName, `resource host exited (${describeExit(info)})`);
        },
      }).then((ready) => {
        if (this.#fenceDeadline > 0) ready.setFenceDeadline(this.#fenceDeadline, this.#terminateWithinMs);
        return ready;
      });
      started.catch(() => {
        if (this.#hosts.get(hostName) === started) this.#hosts.delete(hostName);
      });
      this.#hosts.set(hostName, started);
      host = started;
    }
    return host;
  }

  /**
   * Every host terminates its resources by itself at this time unless extended, taking
   * at most terminateWithinMs: deadline + terminateWithinMs must come before the lease
   * can expire.
   */
  setFenceDeadline(deadline: number, terminateWithinMs: number): void {
    this.#fenceDeadline = deadline;
    this.#terminateWithinMs = terminateWithinMs;
    for (const host of this.#hosts.values())
      void host.then((h) => h.setFenceDeadline(deadline, terminateWithinMs)).catch(() => undefined);
  }

  /**
   * The node's lease is valid until `validUntil`: the hosts fence themselves a quarter TTL
   * before it could expire, and must be done within 15% of it, so the resources are gone
   * before anyone may take them over.
   */
  leaseValidUntil(validUntil: number, ttlMs: number): void {
    this.setFenceDeadline(validUntil - Math.floor(ttlMs * 0.25), Math.floor(ttlMs * 0.15));
  }

  /** Kill one host and everything it runs (a hung host, MSCS "deadlock" handling). */
  async kill(hostName: string): Promise<void> {
    const host = this.#hosts.get(hostName);
    this.#hosts.delete(hostName);
    if (host) await host.then((h) => h.kill()).catch(() => undefined);
  }

  /** Kill every host: fencing, or shutdown after resources were taken offline. */
  async killAll(): Promise<void> {
    await Promise.all([...this.#hosts.keys()].map((name) => this.kill(name)));
  }
}

function describeExit(info: unknown): string {
  if (info && typeof info === 'object') {
    const { code, signal } = info as { code?: number | null; signal?: string | null };
    return signal ? `signal ${signal}` : `code ${code ?? '?'}`;
  }
  return String(info);
}
