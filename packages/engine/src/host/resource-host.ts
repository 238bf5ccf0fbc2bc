import {
  inheritedEnvironment,
  resourceIdsSetting,
  resourceIdsVariable,
  resourceUserSetting,
  resourceUserVariable,
} from '@wolfpack/resource-sdk';
import { HostChannel, type ResourceHostOptions } from './host-channel.ts';
import type { HostedResourceContext } from './protocol.ts';
import { spawnHostProcess } from './spawn-host.ts';

/*
 * The node agent's side of a resource host: starts the host process and turns each
 * resource call into a request with a timeout. A hung call fails with HostCallTimeout;
 * a host that dies fails every pending call at once and reports through onExit.
 */

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
  readonly #channel: HostChannel;

  // Only start() builds one: a host is usable once its process said it is ready.
  private constructor(channel: HostChannel) {
    this.#channel = channel;
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
    const channel = new HostChannel(child, options, log);
    return channel.ready(options.startTimeoutMs ?? 10_000).then((ready) => new ResourceHost(ready));
  }

  /** The host's process id (also its process group id). */
  get pid(): number {
    return this.#channel.pid;
  }

  /** False once the host process has exited (or failed to start). */
  get alive(): boolean {
    return this.#channel.alive;
  }

  /** Creates the resource's instance from its type's engine module. */
  async open(resource: string, enginePath: string, context: HostedResourceContext, timeoutMs: number): Promise<void> {
    await this.#channel.call({ call: 'open', resource, enginePath, context }, timeoutMs);
  }

  async online(resource: string, timeoutMs: number): Promise<void> {
    await this.#channel.call({ call: 'online', resource }, timeoutMs);
  }

  async offline(resource: string, timeoutMs: number): Promise<void> {
    await this.#channel.call({ call: 'offline', resource }, timeoutMs);
  }

  /** Stop at once, no grace; the module's terminate() must not throw, but may hang. */
  async terminate(resource: string, timeoutMs: number): Promise<void> {
    await this.#channel.call({ call: 'terminate', resource }, timeoutMs);
  }

  looksAlive(resource: string, timeoutMs: number): Promise<boolean> {
    return this.#channel.call({ call: 'looksAlive', resource }, timeoutMs) as Promise<boolean>;
  }

  isAlive(resource: string, timeoutMs: number): Promise<boolean> {
    return this.#channel.call({ call: 'isAlive', resource }, timeoutMs) as Promise<boolean>;
  }

  /** A type-specific control code; resolves with the module's answer. */
  control(resource: string, code: string, input: unknown, timeoutMs: number): Promise<unknown> {
    return this.#channel.call({ call: 'control', resource, code, input }, timeoutMs);
  }

  /** Applies changed private properties live; false means the resource needs a restart. */
  applyProperties(resource: string, properties: Record<string, unknown>, timeoutMs: number): Promise<boolean> {
    return this.#channel.call({ call: 'applyProperties', resource, properties }, timeoutMs) as Promise<boolean>;
  }

  /** Forgets the resource's instance (take it offline or terminate it first). */
  async close(resource: string, timeoutMs = 5_000): Promise<void> {
    await this.#channel.call({ call: 'close', resource }, timeoutMs);
  }

  /** Answers when the host's event loop is free: after a timeout, tells a hung module from a stuck host. */
  async ping(timeoutMs: number): Promise<void> {
    await this.#channel.call({ call: 'ping' }, timeoutMs);
  }

  /**
   * The host may run resources until `epochMs` (the agent's lease expiry less a margin).
   * If no later deadline arrives in time, the host terminates every resource itself,
   * allowing each terminate() `terminateWithinMs`, kills leftover processes and refuses
   * online until a deadline later than now arrives.
   */
  setFenceDeadline(epochMs: number, terminateWithinMs = 1_000): void {
    this.#channel.setFenceDeadline(epochMs, terminateWithinMs);
  }

  /** SIGKILLs the host's whole process group (its resource processes too); resolves once it exited. */
  kill(): Promise<void> {
    return this.#channel.kill();
  }
}
