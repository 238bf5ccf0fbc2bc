import { keys, type Placement, type PublishedRecord, type ResourceConfig, type ResourceState } from '@wolfpack/contracts';
import { followClusterState, type StateFollower } from '../follow/state-follower.ts';
import { emptyClusterState, type ClusterState } from '../model/cluster-state.ts';
import { planGroupStep, retryDelayMs } from '../policy/index.ts';
import type { ClusterStore, Watch } from '../store/cluster-store.ts';
import { ReconcileLoop, systemClock, type Clock } from '../runtime/index.ts';
import type { ResourceTypeCatalog } from '../types/catalog.ts';
import { openControlMailbox } from './control-mailbox.ts';
import { Heartbeat } from './heartbeat.ts';
import { HostPool } from './host-pool.ts';
import { activeStates } from './local-resource.ts';
import { concernsNode } from './relevance.ts';
import { ResourceController } from './resource-controller.ts';
import { ResourceCredentials } from './resource-credentials.ts';
import { StatusPublisher } from './status-publisher.ts';

export interface NodeAgentOptions {
  store: ClusterStore;
  node: string;
  catalog: ResourceTypeCatalog;
  /** The bundled resource host script (packages/engine/dist/resource-host.mjs). */
  hostScript: string;
  dataDir: string;
  /** Overrides the cluster's nodeLeaseTtlMs. */
  leaseTtlMs?: number;
  clock?: Clock;
  log(message: string): void;
}

/**
 * The hosts fence themselves a quarter TTL before the lease could expire, and must be
 * done within 15% of it: the resources are gone before anyone may take them over.
 */
const fenceLeadFraction = 0.25;
const fenceTerminateFraction = 0.15;

/**
 * The node agent (MSCS cluster service on one node): holds the node's lease, and
 * reconciles what runs here with the placements — level-based, on every change and
 * after every operation: compare desired and observed, act, repeat.
 */
export class NodeAgent {
  readonly #o: NodeAgentOptions;
  #follower!: StateFollower;
  #heartbeat!: Heartbeat;
  readonly #hosts: HostPool;
  readonly #status: StatusPublisher;
  readonly #controller: ResourceController;
  readonly #clock: Clock;
  readonly #loop: ReconcileLoop;
  /** The last "valid until" the heartbeat reported. */
  #validUntil = 0;
  #running = false;
  #fencing = false;
  #joined = false;
  /** Leaving the cluster: nothing is owned here any more, so reconcile takes it all offline. */
  #leaving = false;
  #handledFailureRequests = new Set<string>();
  #mailbox: Watch | undefined;
  /** Ends a wait between join attempts early (stop). */
  #wake: (() => void) | undefined;

  constructor(options: NodeAgentOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#loop = new ReconcileLoop({
      clock: this.#clock,
      pass: () => {
        if (this.#running && !this.#fencing) this.#reconcile();
      },
    });
    this.#hosts = new HostPool({
      hostScript: options.hostScript,
      node: options.node,
      log: options.log,
      onFailure: (resource, reason) => {
        const local = this.#controller.resources.get(resource);
        if (local) void this.#controller.fail(local, reason);
      },
      onPublish: (resource, records) => this.#onPublish(resource, records),
      onHostExit: (hostName, reason) => this.#onHostExit(hostName, reason),
      onFenced: (hostName) => {
        this.#o.log(`resource host ${hostName} fenced its resources: the lease was not renewed in time`);
        // They are stopped: say so, and let the restart policy bring them back once renewals resume.
        for (const local of this.#controller.resources.values()) {
          if (local.hostName === hostName && activeStates.has(local.state)) void this.#controller.fail(local, 'fenced by its resource host: the node lease was not renewed in time');
        }
      },
    });
    this.#status = new StatusPublisher({
      store: options.store,
      node: options.node,
      lease: () => this.#heartbeat.lease,
      follower: () => this.#follower,
    });
    this.#controller = new ResourceController({
      node: options.node,
      cluster: () => this.#follower.state.config?.name ?? 'cluster',
      dataDir: options.dataDir,
      catalog: options.catalog,
      hosts: this.#hosts,
      status: this.#status,
      credentials: new ResourceCredentials({ store: options.store, node: options.node, lease: () => this.#heartbeat?.lease ?? 0, log: options.log }),
      state: () => this.#follower.state,
      mayAct: () => this.#running && (this.#heartbeat?.isValid() ?? false),
      reconcileSoon: () => this.#schedule(),
      log: options.log,
    });
  }

  get node(): string {
    return this.#o.node;
  }

  /** The cluster state as this agent follows it (empty before start). */
  get state(): ClusterState {
    return this.#follower?.state ?? emptyClusterState();
  }

  async start(): Promise<void> {
    this.#follower = await followClusterState(this.#o.store, {
      onChange: (state, events) => {
        if (concernsNode(state, this.#o.node, this.#controller.resources, events)) this.#schedule();
        if (events.some((event) => event.kv.key.startsWith(keys.resourceTypes))) this.#pruneTypeModules();
      },
      onError: (error) => this.#o.log(`watch failed: ${error.message}`),
    });
    // Types removed (or replaced) while this node was down leave no module files behind.
    this.#pruneTypeModules();
    if (!this.#follower.state.nodes.has(this.#o.node)) {
      this.#o.log(`warning: node ${this.#o.node} is not in the cluster configuration; it will take no groups`);
    }
    this.#running = true;
    this.#mailbox = await openControlMailbox({
      store: this.#o.store,
      node: this.#o.node,
      run: (resource, code, input) => this.#control(resource, code, input),
      log: this.#o.log,
    });
    await this.#joinUntilJoined('join');
  }

  /** A type unregistered or replaced: its module files go (running hosts keep theirs in memory). */
  #pruneTypeModules(): void {
    try {
      for (const path of this.#o.catalog.prune?.() ?? []) this.#o.log(`removed resource type module files ${path}`);
    } catch (error) {
      this.#o.log(`removing resource type module files failed: ${(error as Error).message}`);
    }
  }

  async #control(resource: string, code: string, input: unknown): Promise<unknown> {
    const local = this.#controller.resources.get(resource);
    const config = this.#follower.state.resources.get(resource);
    if (!local || !config || local.state !== 'Online' || !local.hostName) throw new Error(`${resource} is not Online on ${this.#o.node}`);
    const host = await this.#hosts.get(local.hostName);
    return host.control(resource, code, input, config.common.deadlockTimeoutMs);
  }

  /** Leave the cluster: take everything offline gracefully, then give up the lease. */
  async stop({ graceful = true }: { graceful?: boolean } = {}): Promise<void> {
    if (graceful && this.#running) {
      // Offline in reverse dependency order, through the same reconcile step as a move.
      this.#leaving = true;
      this.#schedule();
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && [...this.#controller.resources.values()].some((r) => r.busy || activeStates.has(r.state))) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    this.#running = false;
    this.#loop.stop();
    this.#wake?.();
    this.#status.stop();
    await this.#mailbox?.cancel();
    await this.#heartbeat?.stop({ revoke: true });
    await this.#hosts.killAll();
    await this.#follower?.stop();
  }

  /**
   * Join, and when the store refuses (a lease that lapsed while the join waited on it, the
   * store unavailable), join again after a backoff: until joined or stopped. The node
   * stays a process that can be stopped meanwhile, not one that exits for a launcher to restart.
   */
  async #joinUntilJoined(what: string): Promise<void> {
    for (let attempt = 0; this.#running; attempt += 1) {
      try {
        await this.#join();
        // Stopped while the join went on: the lease it took must not outlive the agent.
        if (!this.#running) await this.#heartbeat.stop({ revoke: true });
        return;
      } catch (error) {
        // A half-made join (a lease granted, a status written) goes before the next one.
        await this.#heartbeat.stop({ revoke: true });
        if (!this.#running) return;
        const delayMs = retryDelayMs(attempt, Math.random());
        this.#o.log(`${what} failed: ${(error as Error).message}; retrying in ${delayMs} ms (attempt ${attempt + 2})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }

  async #join(): Promise<void> {
    const ttlMs = this.#o.leaseTtlMs ?? this.#follower.state.config?.nodeLeaseTtlMs ?? 1000;
    this.#heartbeat = new Heartbeat({
      store: this.#o.store,
      node: this.#o.node,
      ttlMs,
      clock: this.#clock,
      onValidUntil: (validUntil, grantedTtlMs) => {
        this.#hosts.setFenceDeadline(validUntil - Math.floor(grantedTtlMs * fenceLeadFraction), Math.floor(grantedTtlMs * fenceTerminateFraction));
        // A renewal that came after the node had stopped acting: reconcile again (passes
        // no longer follow every write in the cluster, so nothing else would wake one).
        if (this.#lapsedSince(validUntil)) this.#schedule();
      },
      onLost: (reason) => void this.#fence(reason),
      log: this.#o.log,
    });
    await this.#heartbeat.start();
    this.#joined = false;
    // Statuses naming this node from an earlier life describe processes that died with it.
    for (const status of this.#follower.state.resourceStatuses.values()) {
      if (status.node !== this.#o.node || status.state === 'Offline') continue;
      const local = this.#controller.local(status.name, status.group);
      local.failures = status.failures;
      await this.#controller.resetForRestart(local, 'node agent restarted', false);
    }
    this.#o.log(`joined the cluster (lease TTL ${ttlMs} ms)`);
    this.#schedule();
  }

  /** Lost the lease: stop everything at once, then join again as a new member. */
  async #fence(reason: string): Promise<void> {
    if (this.#fencing || !this.#running) return;
    this.#fencing = true;
    this.#o.log(`FENCING: ${reason}; terminating every resource on this node`);
    this.#controller.resetAll(`fenced: ${reason}`);
    this.#status.forgetAll();
    await this.#hosts.killAll();
    await this.#heartbeat.stop({ revoke: false });
    try {
      await this.#joinUntilJoined('rejoin');
    } finally {
      this.#fencing = false;
    }
  }

  /** Record a new "valid until"; true if the previous one had already passed (the node had stopped acting). */
  #lapsedSince(validUntil: number): boolean {
    const lapsed = this.#validUntil < this.#clock.now();
    this.#validUntil = validUntil;
    return lapsed;
  }

  #schedule(): void {
    this.#loop.trigger();
  }

  #reconcile(): void {
    const state = this.#follower.state;
    const now = this.#clock.now();
    // Until the first join has a heartbeat, this node may act on nothing.
    const valid = this.#heartbeat?.isValid(now) ?? false;

    for (const [name, request] of state.failureRequests) this.#handleFailureRequest(name, request.at, request.requestedBy);

    for (const local of [...this.#controller.resources.values()]) {
      const config = state.resources.get(local.name);
      if (!config && !local.busy) void this.#controller.forget(local);
    }

    // One pass over the resources, not one per group: at 1000 groups this loop runs often.
    const byGroup = new Map<string, ResourceConfig[]>();
    for (const config of state.resources.values()) {
      const members = byGroup.get(config.group);
      if (members) members.push(config);
      else byGroup.set(config.group, [config]);
    }
    for (const groupName of state.groups.keys()) {
      const placement = state.placements.get(groupName);
      const resources = byGroup.get(groupName) ?? [];
      const ownedHere = valid && !this.#leaving && placement?.node === this.#o.node;
      this.#prepareFailed(resources, ownedHere ? placement : undefined, now);
      if (!ownedHere && !resources.some((r) => this.#controller.resources.has(r.name))) continue;

      const observed = new Map<string, ResourceState>();
      for (const r of resources) observed.set(r.name, this.#controller.resources.get(r.name)?.state ?? 'Offline');
      const step = planGroupStep({ resources, observed, ownedHere });
      // Another node still holds part of this group: wait until it has let go.
      const heldElsewhere = resources.some((r) => {
        const status = state.resourceStatuses.get(r.name);
        return status !== undefined && status.node !== this.#o.node && activeStates.has(status.state);
      });

      for (const name of step.takeOffline) {
        const local = this.#controller.resources.get(name);
        if (local && !local.busy) void this.#controller.takeOffline(local, state.resources.get(name));
      }
      if (ownedHere && placement && !heldElsewhere) {
        for (const name of step.bringOnline) {
          const config = state.resources.get(name) as ResourceConfig;
          // The manager moves such a group away; never start it here meanwhile.
          if (config.possibleOwners && !config.possibleOwners.includes(this.#o.node)) continue;
          const local = this.#controller.local(name, groupName);
          if (!local.busy) void this.#controller.bringOnline(local, config, placement.epoch);
        }
      }
      if (ownedHere) {
        for (const r of resources) {
          const local = this.#controller.resources.get(r.name);
          if (local?.state === 'Online' && !local.busy) void this.#controller.applyProperties(local, r);
        }
      }
    }

    if (!this.#joined && valid) {
      this.#joined = true;
      void this.#heartbeat.setPhase('Up').catch((error: Error) => {
        // Try again on a later pass: a node left Joining would never count as Up.
        this.#joined = false;
        this.#o.log(`could not mark node Up: ${error.message}; retrying`);
        this.#loop.requeueAfter(200);
      });
    }
  }

  /**
   * Failed resources: restart when due, retry after "bring online" or when the group
   * comes back under a new placement, clear when taken offline.
   */
  #prepareFailed(resources: ResourceConfig[], placementHere: Placement | undefined, now: number): void {
    for (const config of resources) {
      const local = this.#controller.resources.get(config.name);
      if (!local || local.state !== 'Failed' || local.busy) continue;
      if (config.persistentState === 'Offline') {
        void this.#controller.resetForRestart(local, 'taken offline', true);
      } else if (config.resetAt !== undefined && config.resetAt > local.since) {
        void this.#controller.resetForRestart(local, 'brought online by an administrator', true);
      } else if (placementHere && placementHere.epoch > local.epoch) {
        void this.#controller.resetForRestart(local, `placed on ${this.#o.node} again`, true);
      } else if (placementHere && local.restartAfter > 0 && now >= local.restartAfter) {
        void this.#controller.resetForRestart(local, 'restarting after failure', false);
      }
    }
  }

  #handleFailureRequest(name: string, at: number, requestedBy: string): void {
    const local = this.#controller.resources.get(name);
    const id = `${name}@${at}`;
    if (!local || this.#handledFailureRequests.has(id)) return;
    if (local.state !== 'Online' && local.state !== 'OnlinePending') return;
    this.#handledFailureRequests.add(id);
    const key = keys.failureRequest(name);
    void this.#o.store
      .txn({ compare: [{ key, target: 'modRevision', op: '=', value: this.#follower.modRevision(key) }], success: [{ op: 'delete', key }] })
      .catch(() => undefined);
    void this.#controller.fail(local, `Initiate Failure by ${requestedBy}`);
  }

  #onPublish(resource: string, records: PublishedRecord[]): void {
    const local = this.#controller.resources.get(resource);
    if (!local) return;
    local.published = records;
    if (local.state === 'Online') void this.#status.publish(local);
  }

  #onHostExit(hostName: string, reason: string): void {
    for (const local of this.#controller.resources.values()) {
      if (local.hostName !== hostName) continue;
      local.hostName = undefined;
      if (local.state === 'Online' || local.state === 'OnlinePending') void this.#controller.fail(local, reason);
    }
  }
}
