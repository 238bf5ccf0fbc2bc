import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PublishedRecord } from '@wolfpack/contracts';
import {
  inheritedEnvironment,
  resourceIdsSetting,
  resourceIdsVariable,
  resourceUserSetting,
  resourceUserVariable,
} from '@wolfpack/resource-sdk';
import { descendantsOf } from './descendants.ts';
import { HostCallTimeout, ResourceCallError, ResourceHostExited } from './errors.ts';
import {
  isHostEvent,
  isHostReply,
  type FencedReport,
  type HostEvent,
  type HostRequest,
  type HostedResourceContext,
} from './protocol.ts';
import { spawnHostProcess } from './spawn-host.ts';

/*
 * The node agent's side of a resource host: starts the host process and turns each
 * resource call into a request with a timeout. A hung call fails with HostCallTimeout;
 * a host that dies fails every pending call at once and reports through onExit.
 */

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

type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

/**
 * A node running as root tells its host which user resource processes run as, and whether
 * each resource gets ids of its own (the SDK reads both). The user stays set with
 * per-resource ids: an older SDK bundled in a type knows only it, and falls back to it.
 */
function resourceUser(): Record<string, string> {
  const user = resourceUserSetting();
  const ids = resourceIdsSetting();
  return user === undefined || ids === undefined ? {} : { [resourceUserVariable]: user, [resourceIdsVariable]: ids };
}

export class ResourceHost {
  readonly #pending = new Map<number, PendingCall>();
  #nextId = 1;
  #exitDescription: string | undefined;
  #killRequested = false;
  readonly #exited: Promise<void>;
  readonly #child: ChildProcess;
  readonly #options: ResourceHostOptions;
  readonly #log: (line: string, resource?: string) => void;

  // Only start() builds one: a host is usable once its process said it is ready.
  private constructor(
    child: ChildProcess,
    options: ResourceHostOptions,
    log: (line: string, resource?: string) => void,
  ) {
    this.#child = child;
    this.#options = options;
    this.#log = log;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts a host process and resolves once it is ready for calls. */
  static start(options: ResourceHostOptions): Promise<ResourceHost> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    // The node's environment less its secrets: the host runs resource type code (registered modules,
    // OCF agents), which has no use for them; the processes it starts get a clean one besides.
    const env = { ...inheritedEnvironment(process.env), WOLFPACK_RESOURCE_HOST: options.name, ...resourceUser() };
    const child = spawnHostProcess(options.hostScript, env, (message) =>
      log(`resource host "${options.name}": ${message}`),
    );
    const host = new ResourceHost(child, options, log);
    return host.#waitUntilReady(options.startTimeoutMs ?? 10_000);
  }

  /** The host's process id (also its process group id). */
  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** False once the host process has exited (or failed to start). */
  get alive(): boolean {
    return this.#exitDescription === undefined;
  }

  /** Creates the resource's instance from its type's engine module. */
  async open(resource: string, enginePath: string, context: HostedResourceContext, timeoutMs: number): Promise<void> {
    await this.#call({ call: 'open', resource, enginePath, context }, timeoutMs);
  }

  async online(resource: string, timeoutMs: number): Promise<void> {
    await this.#call({ call: 'online', resource }, timeoutMs);
  }

  async offline(resource: string, timeoutMs: number): Promise<void> {
    await this.#call({ call: 'offline', resource }, timeoutMs);
  }

  /** Stop at once, no grace; the module's terminate() must not throw, but may hang. */
  async terminate(resource: string, timeoutMs: number): Promise<void> {
    await this.#call({ call: 'terminate', resource }, timeoutMs);
  }

  looksAlive(resource: string, timeoutMs: number): Promise<boolean> {
    return this.#call({ call: 'looksAlive', resource }, timeoutMs) as Promise<boolean>;
  }

  isAlive(resource: string, timeoutMs: number): Promise<boolean> {
    return this.#call({ call: 'isAlive', resource }, timeoutMs) as Promise<boolean>;
  }

  /** A type-specific control code; resolves with the module's answer. */
  control(resource: string, code: string, input: unknown, timeoutMs: number): Promise<unknown> {
    return this.#call({ call: 'control', resource, code, input }, timeoutMs);
  }

  /** Applies changed private properties live; false means the resource needs a restart. */
  applyProperties(resource: string, properties: Record<string, unknown>, timeoutMs: number): Promise<boolean> {
    return this.#call({ call: 'applyProperties', resource, properties }, timeoutMs) as Promise<boolean>;
  }

  /** Forgets the resource's instance (take it offline or terminate it first). */
  async close(resource: string, timeoutMs = 5_000): Promise<void> {
    await this.#call({ call: 'close', resource }, timeoutMs);
  }

  /** Answers when the host's event loop is free: after a timeout, tells a hung module from a stuck host. */
  async ping(timeoutMs: number): Promise<void> {
    await this.#call({ call: 'ping' }, timeoutMs);
  }

  /**
   * The host may run resources until `epochMs` (the agent's lease expiry less a margin).
   * If no later deadline arrives in time, the host terminates every resource itself,
   * allowing each terminate() `terminateWithinMs`, kills leftover processes and refuses
   * online until a deadline later than now arrives.
   */
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

  #call(body: RequestBody, timeoutMs: number): Promise<unknown> {
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

  #waitUntilReady(timeoutMs: number): Promise<ResourceHost> {
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
