import type { ResourceConfig } from '@wolfpack/contracts';
import { decideResourceFailure } from '../policy/index.ts';
import type { ClusterState } from '../model/cluster-state.ts';
import { systemClock, type Clock } from '../runtime/index.ts';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';
import { startHealthChecks, stopHealthChecks } from './health-checks.ts';
import type { HostPool } from './host-pool.ts';
import { activeStates, newLocalResource, transitionEvent, type LocalResource } from './local-resource.ts';
import { resourceContext } from './resource-context.ts';
import type { ResourceCredentials } from './resource-credentials.ts';
import { prepareStateFolder } from './resource-folders.ts';
import { ResourceUsers } from './resource-users.ts';
import type { StatusPublisher } from './status-publisher.ts';

export interface ResourceControllerOptions {
  node: string;
  cluster: () => string;
  dataDir: string;
  catalog: ResourceTypeCatalog;
  hosts: HostPool;
  status: StatusPublisher;
  /** Each online resource's own cluster API token. */
  credentials: ResourceCredentials;
  state: () => ClusterState;
  /** False once the node lost its lease: nothing may go online. */
  mayAct: () => boolean;
  /** Ask the agent to reconcile soon. */
  reconcileSoon: () => void;
  /** The agent's clock: restart times are compared with it. */
  clock?: Clock;
  log(message: string): void;
}

/**
 * Runs resources on this node through the resource hosts: online, offline, failure
 * handling with the restart policy, health polling, live property changes. Every
 * operation checks afterwards that the node is still the same incarnation, so a node
 * that fenced itself meanwhile never acts on a stale result.
 * Over 300 lines on purpose: its operations share the incarnation check, the failing set
 * and #terminate, which a split would have to expose; the parts with a job of their own
 * (health checks, contexts, folders, users, the restart decision) live in files beside it.
 */
export class ResourceController {
  readonly #options: ResourceControllerOptions;
  readonly #clock: Clock;
  readonly resources = new Map<string, LocalResource>();
  #incarnation = 0;
  /** Resources whose failure is being handled: a second report of the same failure is ignored. */
  readonly #failing = new Set<string>();
  readonly #users: ResourceUsers;

  constructor(options: ResourceControllerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#users = new ResourceUsers(options.dataDir, options.log);
  }

  local(name: string, group: string): LocalResource {
    let resource = this.resources.get(name);
    if (!resource) {
      resource = newLocalResource(name, group, this.#clock.now());
      this.resources.set(name, resource);
    }
    resource.group = group;
    return resource;
  }

  /** Fencing: forget every operation in flight; hosts are being killed. */
  resetAll(reason: string): void {
    this.#incarnation += 1;
    this.#options.credentials.revokeAll();
    for (const resource of this.resources.values()) {
      stopHealthChecks(resource);
      resource.busy = false;
      resource.hostName = undefined;
      resource.openedProperties = undefined;
      resource.published = [];
      if (resource.state !== 'Offline') this.#transition(resource, 'Offline', reason);
    }
  }

  async bringOnline(resource: LocalResource, config: ResourceConfig, epoch: number): Promise<void> {
    const incarnation = this.#incarnation;
    resource.busy = true;
    resource.epoch = epoch;
    resource.failoverRequested = false;
    const from = resource.state;
    this.#transition(resource, 'OnlinePending', undefined);
    try {
      // The status write is a compare-and-swap: if another node still holds the resource, back off.
      const onlinePending = transitionEvent(this.#options.node, resource, from, 'OnlinePending');
      if (!(await this.#options.status.publish(resource, [onlinePending]))) {
        resource.state = 'Offline';
        return;
      }
      if (!this.#options.mayAct()) throw new Error('node lost its lease');
      const hostName = this.#options.hosts.hostNameFor(config.name, config.common.separateMonitor);
      const host = await this.#options.hosts.get(hostName);
      const entry = this.#options.catalog.get(config.type);
      if (!entry) throw new Error(`resource type "${config.type}" is not installed on node ${this.#options.node}`);
      const enginePath = (await this.#options.catalog.materialize?.(config.type)) ?? entry.enginePath;
      resource.hostName = hostName;
      const clusterApi = await this.#options.credentials.issue(config.name, epoch, this.#clock.now());
      const context = {
        ...resourceContext(config, epoch, {
          cluster: this.#options.cluster(),
          node: this.#options.node,
          dataDir: this.#options.dataDir,
          state: this.#options.state(),
        }),
        ...(clusterApi ? { clusterApi } : {}),
        capabilities: entry.manifest.capabilities ?? [],
      };
      prepareStateFolder(context.stateDir, this.#options.dataDir, this.#users.of(context));
      await host.open(config.name, enginePath, context, config.common.deadlockTimeoutMs);
      resource.openedProperties = JSON.stringify(config.private);
      await host.online(config.name, config.common.pendingTimeoutMs);
      if (incarnation !== this.#incarnation) return;
      if (!this.#options.mayAct()) throw new Error('node lost its lease while bringing it online');
      this.#transition(resource, 'Online', undefined);
      await this.#options.status.publish(resource, [
        transitionEvent(this.#options.node, resource, 'OnlinePending', 'Online'),
      ]);
      startHealthChecks(resource, config, {
        hosts: this.#options.hosts,
        fail: (reason) => this.fail(resource, reason),
        log: this.#options.log,
      });
    } catch (error) {
      if (incarnation === this.#incarnation)
        await this.fail(resource, `online failed: ${(error as Error).message}`, { alreadyBusy: true });
    } finally {
      if (incarnation === this.#incarnation) resource.busy = false;
      this.#options.reconcileSoon();
    }
  }

  async takeOffline(resource: LocalResource, config: ResourceConfig | undefined): Promise<void> {
    const incarnation = this.#incarnation;
    resource.busy = true;
    stopHealthChecks(resource);
    const from = resource.state;
    this.#transition(resource, 'OfflinePending', undefined);
    try {
      await this.#options.status.publish(resource, [
        transitionEvent(this.#options.node, resource, from, 'OfflinePending'),
      ]);
      const timeout = config?.common.pendingTimeoutMs ?? 180_000;
      const host = resource.hostName ? await this.#options.hosts.get(resource.hostName) : undefined;
      if (host) {
        try {
          await host.offline(resource.name, timeout);
        } catch (error) {
          this.#options.log(`${resource.name}: offline failed (${(error as Error).message}); terminating it`);
          await this.#terminate(resource, config);
        }
        await host.close(resource.name).catch(() => undefined);
      }
      await this.#options.credentials.revoke(resource.name);
      if (incarnation !== this.#incarnation) return;
      resource.hostName = undefined;
      resource.published = [];
      this.#transition(resource, 'Offline', undefined);
      await this.#options.status.publish(resource, [
        transitionEvent(this.#options.node, resource, 'OfflinePending', 'Offline'),
      ]);
    } finally {
      if (incarnation === this.#incarnation) resource.busy = false;
      this.#options.reconcileSoon();
    }
  }

  /**
   * A resource failed: make sure it is stopped, then let the restart policy decide:
   * restart here, stay Failed, or ask the failover manager to move the group.
   */
  async fail(resource: LocalResource, reason: string, { alreadyBusy = false } = {}): Promise<void> {
    if (resource.state === 'Failed' || resource.state === 'Offline' || this.#failing.has(resource.name)) return;
    if (resource.busy && !alreadyBusy) return this.#failLater(resource, reason);
    this.#failing.add(resource.name);
    try {
      await this.#handleFailure(resource, reason);
    } finally {
      this.#failing.delete(resource.name);
    }
  }

  async #handleFailure(resource: LocalResource, reason: string): Promise<void> {
    const incarnation = this.#incarnation;
    const from = resource.state;
    resource.busy = true;
    stopHealthChecks(resource);
    const config = this.#options.state().resources.get(resource.name);
    try {
      await this.#terminate(resource, config);
      if (resource.hostName) {
        const host = await this.#options.hosts.get(resource.hostName).catch(() => undefined);
        await host?.close(resource.name).catch(() => undefined);
      }
    } finally {
      resource.hostName = undefined;
      await this.#options.credentials.revoke(resource.name);
    }
    if (incarnation !== this.#incarnation) return;
    const now = this.#clock.now();
    const decision = config
      ? decideResourceFailure(config.common, resource.failures, now)
      : { action: 'stay-failed' as const, failures: [...resource.failures, now], delayMs: 0 };
    resource.failures = decision.failures;
    resource.published = [];
    if (decision.action === 'restart') resource.restartAfter = now + Math.max(1, decision.delayMs);
    if (decision.action === 'failover') resource.failoverRequested = true;
    this.#transition(resource, 'Failed', reason);
    const policy =
      decision.action === 'restart'
        ? `restarting (failure ${decision.failures.length} of ${(config?.common.restartThreshold ?? 0) + 1} allowed in the restart period)`
        : decision.action === 'failover'
          ? 'restart threshold exceeded: failing the group over'
          : 'left Failed by its restart policy';
    const event = transitionEvent(this.#options.node, resource, from, 'Failed', `${reason}; ${policy}`);
    event.kind = decision.action === 'restart' ? 'restart' : 'state';
    await this.#options.status.publish(resource, [event]);
    resource.busy = false;
    if (decision.action === 'restart')
      this.#clock.after(Math.max(1, decision.delayMs), () => this.#options.reconcileSoon());
    this.#options.reconcileSoon();
  }

  /** Failed with a restart due: back to Offline, so reconcile brings it online. */
  async resetForRestart(resource: LocalResource, reason: string, clearFailures: boolean): Promise<void> {
    resource.restartAfter = 0;
    resource.failoverRequested = false;
    if (clearFailures) resource.failures = [];
    const from = resource.state;
    this.#transition(resource, 'Offline', reason);
    await this.#options.status.publish(
      resource,
      from === 'Offline' ? [] : [transitionEvent(this.#options.node, resource, from, 'Offline', reason)],
    );
  }

  /** Apply changed private properties to an online resource, live if its type can. */
  async applyProperties(resource: LocalResource, config: ResourceConfig): Promise<void> {
    const wanted = JSON.stringify(config.private);
    if (!resource.hostName || resource.openedProperties === wanted) return;
    resource.busy = true;
    try {
      const host = await this.#options.hosts.get(resource.hostName);
      const applied = await host.applyProperties(resource.name, config.private, config.common.deadlockTimeoutMs);
      this.#options.log(`${resource.name}: properties ${applied ? 'applied live' : 'take effect at the next online'}`);
    } catch (error) {
      this.#options.log(`${resource.name}: applying properties failed: ${(error as Error).message}`);
    } finally {
      resource.openedProperties = wanted;
      resource.busy = false;
      // A pass that came meanwhile skipped this busy resource (an offline request, a new
      // placement): look again now, as after an online or an offline.
      this.#options.reconcileSoon();
    }
  }

  /** Joined (again): statuses naming this node from an earlier life describe processes that died with it. */
  async adoptEarlierLife(): Promise<void> {
    for (const status of this.#options.state().resourceStatuses.values()) {
      if (status.node !== this.#options.node || status.state === 'Offline') continue;
      const local = this.local(status.name, status.group);
      local.failures = status.failures;
      await this.resetForRestart(local, 'node agent restarted', false);
    }
  }

  /** Wait (up to `ms` of real time: host processes, no decision) until no resource here is busy or held: leaving. */
  async settled(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && [...this.resources.values()].some((r) => r.busy || activeStates.has(r.state))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Run a control code on a resource Online here (the control mailbox). */
  async control(resource: string, code: string, input: unknown): Promise<unknown> {
    const local = this.resources.get(resource);
    const config = this.#options.state().resources.get(resource);
    if (!local || !config || local.state !== 'Online' || !local.hostName)
      throw new Error(`${resource} is not Online on ${this.#options.node}`);
    const host = await this.#options.hosts.get(local.hostName);
    return host.control(resource, code, input, config.common.deadlockTimeoutMs);
  }

  /** Forget a resource that no longer exists in the configuration. */
  async forget(resource: LocalResource): Promise<void> {
    stopHealthChecks(resource);
    if (resource.hostName) await this.#terminate(resource, undefined);
    await this.#options.credentials.revoke(resource.name);
    this.resources.delete(resource.name);
    this.#options.status.forget(resource.name);
  }

  #failLater(resource: LocalResource, reason: string): void {
    const retry = () => {
      if (!resource.busy) void this.fail(resource, reason);
      else setTimeout(retry, 5);
    };
    setTimeout(retry, 5);
  }

  async #terminate(resource: LocalResource, config: ResourceConfig | undefined): Promise<void> {
    if (!resource.hostName) return;
    const hostName = resource.hostName;
    try {
      const host = await this.#options.hosts.get(hostName);
      await host.terminate(resource.name, config?.common.deadlockTimeoutMs ?? 30_000);
    } catch (error) {
      // A host that cannot even terminate is hung: kill it; its other resources fail too.
      this.#options.log(
        `${resource.name}: terminate failed (${(error as Error).message}); killing resource host ${hostName}`,
      );
      await this.#options.hosts.kill(hostName);
    }
  }

  #transition(resource: LocalResource, state: LocalResource['state'], reason: string | undefined): void {
    resource.state = state;
    resource.since = this.#clock.now();
    resource.reason = reason;
  }
}
