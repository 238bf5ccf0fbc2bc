import { pathToFileURL } from 'node:url';
import type { ResourceContext, ResourceInstance, ResourceTypeModule } from '@wolfpack/contracts';
import { runAsResource, type ResourceIdentity } from '@wolfpack/resource-sdk';
import type { FencedReport, HostEvent, HostRequest, HostedResourceContext } from './protocol.ts';

/*
 * Inside the resource host process: the open resource instances and the dispatch of
 * each agent request to its module. Timeouts are the agent's job (a hung module may
 * block this process entirely); this side only keeps one bad module from killing the host.
 */

interface HostedResource {
  instance: ResourceInstance;
  context: ResourceContext;
}

/** Resolves after `ms`, with the timer not holding the process open. */
function sleep(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

/** Whom a resource's module calls act for. */
function identityOf(context: Pick<ResourceContext, 'resource' | 'group' | 'stateDir'>): ResourceIdentity {
  return { resource: context.resource, group: context.group, stateDir: context.stateDir };
}

/** Runs a module call so that a synchronous throw becomes a rejection. */
function attempt<T>(call: () => Promise<T> | T): Promise<T> {
  return Promise.resolve().then(call);
}

export class HostedResources {
  readonly #resources = new Map<string, HostedResource>();
  readonly #modules = new Map<string, Promise<ResourceTypeModule>>();
  /** Set by the fence watchdog: online is refused while fenced. */
  onlineRefusal: (() => string | undefined) | undefined;

  readonly #emit: (event: HostEvent) => void;

  constructor(emit: (event: HostEvent) => void) {
    this.#emit = emit;
  }

  /** Names of the open resources. */
  names(): string[] {
    return [...this.#resources.keys()];
  }

  /**
   * Answers one agent request; a rejection carries the module's (or the host's) message.
   * A resource's calls run as acting for it, so the processes its module starts through
   * the SDK get its own ids on a root node (per-resource ids).
   */
  handle(request: HostRequest): Promise<unknown> {
    const context =
      request.call === 'open'
        ? request.context
        : 'resource' in request
          ? this.#resources.get(request.resource)?.context
          : undefined;
    return context ? runAsResource(identityOf(context), () => this.#dispatch(request)) : this.#dispatch(request);
  }

  async #dispatch(request: HostRequest): Promise<unknown> {
    switch (request.call) {
      case 'ping':
        return { pid: process.pid, resources: this.#resources.size };
      case 'open':
        return this.#open(request.resource, request.enginePath, request.context);
      case 'close':
        this.#resources.delete(request.resource);
        return undefined;
      case 'online': {
        const refusal = this.onlineRefusal?.();
        if (refusal) throw new Error(refusal);
        const { instance } = this.#require(request.resource, request.call);
        return attempt(() => instance.online());
      }
      case 'offline':
        return attempt(() => this.#require(request.resource, request.call).instance.offline());
      case 'terminate':
        return attempt(() => this.#require(request.resource, request.call).instance.terminate());
      case 'looksAlive':
        return Boolean(await attempt(() => this.#require(request.resource, request.call).instance.looksAlive()));
      case 'isAlive':
        return Boolean(await attempt(() => this.#require(request.resource, request.call).instance.isAlive()));
      case 'control': {
        const { instance, context } = this.#require(request.resource, request.call);
        if (!instance.control)
          throw new Error(`resource type "${context.type}" has no control codes (asked for "${request.code}")`);
        return attempt(() => instance.control?.(request.code, request.input));
      }
      case 'applyProperties': {
        const hosted = this.#require(request.resource, request.call);
        // A type that cannot apply changes live needs a restart to pick them up.
        if (!hosted.instance.applyProperties) return false;
        const applied = Boolean(await attempt(() => hosted.instance.applyProperties?.(request.properties)));
        if (applied) hosted.context.properties = request.properties;
        return applied;
      }
    }
  }

  /**
   * Calls terminate() on every open resource at once, each bounded by `withinMs`
   * (terminate must not throw, but a hung one must not stall fencing).
   */
  async terminateAll(withinMs: number): Promise<Pick<FencedReport, 'terminated' | 'unfinished'>> {
    const terminated: string[] = [];
    const unfinished: string[] = [];
    await Promise.all(
      [...this.#resources].map(async ([name, { instance, context }]) => {
        const outcome = await Promise.race([
          runAsResource(identityOf(context), () => attempt(() => instance.terminate())).then(
            () => 'done' as const,
            () => 'failed' as const,
          ),
          sleep(withinMs),
        ]);
        (outcome === 'done' ? terminated : unfinished).push(name);
      }),
    );
    return { terminated, unfinished };
  }

  #require(resource: string, call: string): HostedResource {
    const hosted = this.#resources.get(resource);
    if (!hosted) throw new Error(`the resource is not open in this resource host (${call} needs open first)`);
    return hosted;
  }

  async #open(resource: string, enginePath: string, hostedContext: HostedResourceContext): Promise<void> {
    if (this.#resources.has(resource))
      throw new Error('the resource is already open in this resource host (close it first)');
    const module = await this.#load(enginePath);
    const emit = this.#emit;
    const resources = this.#resources;
    // Reports from an instance that was closed (or replaced) must not fail its successor.
    const current = (): boolean => resources.get(resource)?.context === context;
    const context: ResourceContext = {
      ...hostedContext,
      log: (message) => emit({ event: 'log', resource, message: String(message) }),
      reportFailure: (reason) => {
        if (current()) emit({ event: 'failure', resource, reason: String(reason) });
      },
      publish: (records) => {
        if (current()) emit({ event: 'publish', resource, records });
      },
    };
    const instance = module.create(context);
    if (!instance || typeof instance.online !== 'function')
      throw new Error(`create() of ${enginePath} returned no resource instance`);
    resources.set(resource, { instance, context });
  }

  #load(enginePath: string): Promise<ResourceTypeModule> {
    let module = this.#modules.get(enginePath);
    if (!module) {
      module = import(pathToFileURL(enginePath).href).then(
        (imported: { default?: ResourceTypeModule } & Partial<ResourceTypeModule>) => {
          const candidate = imported.default ?? imported;
          if (typeof candidate.create !== 'function')
            throw new Error(`engine module ${enginePath} exports no create() function`);
          return candidate as ResourceTypeModule;
        },
      );
      // A failed import may succeed later (the file can be replaced): do not cache the failure.
      module.catch(() => {
        if (this.#modules.get(enginePath) === module) this.#modules.delete(enginePath);
      });
      this.#modules.set(enginePath, module);
    }
    return module;
  }
}
