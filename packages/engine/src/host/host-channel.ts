import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PublishedRecord } from '@wolfpack/contracts';
import { descendantsOf } from './descendants.ts';
import { HostCallTimeout, ResourceCallError, ResourceHostExited } from './errors.ts';
import { isHostEvent, isHostReply, type FencedReport, type HostEvent, type HostRequest } from './protocol.ts';

/*
 * The channel to one resource host process: requests matched to their answers by id,
 * each with a timeout; the host's events passed to the agent; its output forwarded to
 * the log; and its exit, which fails every pending call at once and sweeps its group.
 */

// What the owner of a host is told, and how the host is started: here, beside the channel
// that reads them, so that resource-host.ts (which starts the channel) is the only importer.
export interface HostExitInfo {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when kill() asked for it. */
  killed: boolean;
  /** One line for logs and resource reasons, e.g. "was killed by SIGKILL". */
  description: string;
}

export interface ResourceHostOptions {
  /** The bundled host process (dist/resource-host.mjs). */
  hostScript: string;
  /** Names the host in errors and log lines (e.g. the node name). */
  name: string;
  /** Log lines from the host and its modules; `resource` when a module logged it. */
  log?: (line: string, resource?: string) => void;
  /** A module reported a failure between calls (ResourceContext.reportFailure). */
  onFailure: (resource: string, reason: string) => void;
  onPublish: (resource: string, records: PublishedRecord[]) => void;
  /** The fence deadline passed and the host terminated every resource itself. */
  onFenced?: (report: FencedReport) => void;
  /** The host process is gone: every resource it ran is to be treated as failed. */
  onExit: (info: HostExitInfo) => void;
  /** How long the host may take to say it is ready; default 10 s. */
  startTimeoutMs?: number;
}

interface PendingCall {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  resource: string;
  call: string;
}

export type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

export class HostChannel {
  readonly #pending = new Map<number, PendingCall>();
  #nextId = 1;
  #exitDescription: string | undefined;
  #killRequested = false;
  readonly #exited: Promise<void>;
  readonly #child: ChildProcess;
  readonly #options: ResourceHostOptions;
  readonly #log: (line: string, resource?: string) => void;

  constructor(child: ChildProcess, options: ResourceHostOptions, log: (line: string, resource?: string) => void) {
    this.#child = child;
    this.#options = options;
    this.#log = log;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The host's process id (also its process group id). */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** False once the host process has exited (or failed to start). */
  get alive(): boolean {
    return this.#exitDescription === undefined;
  }

  /** Tells the host its fence deadline (see ResourceHost.setFenceDeadline); nothing once it is gone. */
  setFenceDeadline(epochMs: number, terminateWithinMs = 1_000): void {
    if (!this.alive || !this.#child.connected) return;
    this.#child.send({ fenceDeadline: epochMs, terminateWithinMs }, undefined, {}, () => {});
  }

  /** SIGKILLs the host's whole process group (its resource processes too); resolves once it exited. */
  async kill(): Promise<void> {
    // Once exited, onExit has already swept the group; signalling a stale group id later could hit a reused one.
    if (!this.alive) return;
    this.#killRequested = true;
    this.#killGroup();
    if (this.#child.pid !== undefined) await this.#exited;
  }

  #killGroup(): void {
    if (this.#child.pid === undefined) return;
    // Descendants first, while the host still holds them: the resource SDK's short commands
    // (runCommand: `ip addr`, an OCF action) run in process groups of their own, which the
    // group kill below would miss, leaving them to finish on a node that no longer owns.
    for (const pid of descendantsOf(this.#child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      process.kill(-this.#child.pid, 'SIGKILL');
    } catch {
      // the group is empty already
    }
  }

  /**
   * One request, answered by the reply with its id: rejects with HostCallTimeout after
   * `timeoutMs`, ResourceCallError when the module threw, ResourceHostExited when the host is gone.
   */
  call(body: RequestBody, timeoutMs: number): Promise<unknown> {
    const resource = 'resource' in body ? body.resource : `resource host "${this.#options.name}"`;
    if (this.#exitDescription !== undefined || !this.#child.connected) {
      return Promise.reject(
        new ResourceHostExited(this.#options.name, resource, body.call, this.#exitDescription ?? 'is disconnected'),
      );
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new HostCallTimeout(resource, body.call, timeoutMs));
      }, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, resource, call: body.call });
      this.#child.send({ ...body, id } as HostRequest, undefined, {}, (error) => {
        if (error)
          this.#settle(
            id,
            () =>
              new ResourceHostExited(this.#options.name, resource, body.call, `could not be reached: ${error.message}`),
          );
      });
    });
  }

  #settle(id: number, outcome: (() => Error) | { result: unknown }): void {
    const call = this.#pending.get(id);
    if (!call) return; // timed out already: the late answer has nobody waiting
    this.#pending.delete(id);
    clearTimeout(call.timer);
    if (typeof outcome === 'function') call.reject(outcome());
    else call.resolve(outcome.result);
  }

  #onMessage(message: unknown): void {
    if (isHostReply(message)) {
      const call = this.#pending.get(message.id);
      if (message.ok) this.#settle(message.id, { result: message.result });
      else if (call) this.#settle(message.id, () => new ResourceCallError(call.resource, call.call, message.error));
    } else if (isHostEvent(message)) this.#onEvent(message);
  }

  #onEvent(event: HostEvent): void {
    switch (event.event) {
      case 'failure':
        return this.#options.onFailure(event.resource, event.reason);
      case 'publish':
        return this.#options.onPublish(event.resource, event.records);
      case 'log':
        return event.resource === undefined
          ? this.#log(`resource host "${this.#options.name}": ${event.message}`)
          : this.#log(`${event.resource}: ${event.message}`, event.resource);
      case 'fenced': {
        const { terminated, unfinished, killedProcesses } = event;
        return this.#options.onFenced?.({ terminated, unfinished, killedProcesses });
      }
      case 'ready':
        return;
    }
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null, description?: string): void {
    if (this.#exitDescription !== undefined) return;
    this.#exitDescription = description ?? (signal ? `was killed by ${signal}` : `exited with code ${code}`);
    // Resource processes that outlived the host would hold ports and files the next owner needs.
    this.#killGroup();
    for (const [id, call] of this.#pending)
      this.#settle(
        id,
        () => new ResourceHostExited(this.#options.name, call.resource, call.call, this.#exitDescription as string),
      );
    this.#options.onExit({
      pid: this.pid,
      code,
      signal,
      killed: this.#killRequested,
      description: this.#exitDescription,
    });
  }

  /** Forwards the host's output and messages; resolves once the host says it is ready. */
  ready(timeoutMs: number): Promise<HostChannel> {
    const child = this.#child;
    const recent: string[] = [];
    const forward = (stream: NodeJS.ReadableStream | null): void => {
      if (!stream) return;
      createInterface({ input: stream }).on('line', (line) => {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        this.#log(`resource host "${this.#options.name}": ${line}`);
      });
    };
    forward(child.stdout);
    forward(child.stderr);
    child.on('message', (message) => this.#onMessage(message));
    return new Promise((resolve, reject) => {
      let starting = true;
      const fail = (why: string): void => {
        if (!starting) return;
        starting = false;
        clearTimeout(timer);
        this.#killGroup();
        reject(
          new Error(
            `resource host "${this.#options.name}" (${this.#options.hostScript}) did not start: ${why}${recent.length ? `\n${recent.join('\n')}` : ''}`,
          ),
        );
      };
      const timer = setTimeout(() => fail(`no ready message within ${timeoutMs} ms`), timeoutMs);
      child.on('message', (message) => {
        if (!starting || !isHostEvent(message) || message.event !== 'ready') return;
        starting = false;
        clearTimeout(timer);
        resolve(this);
      });
      child.on('error', (error) => {
        // spawn itself failed, or the IPC channel broke: either way the host is unreachable.
        const unreachable = starting
          ? `could not be started: ${error.message}`
          : `became unreachable: ${error.message}`;
        fail(error.message);
        this.#onExit(null, null, unreachable);
      });
      child.once('exit', (code, signal) => {
        // Give stderr a moment to arrive, so a crash at startup explains itself.
        if (starting) setTimeout(() => fail(signal ? `killed by ${signal}` : `exited with code ${code}`), 50);
        this.#onExit(code, signal);
      });
    });
  }
}
