import { keys } from '@wolfpack/contracts';
import { followClusterState, type StateFollower } from '../follow/state-follower.ts';
import { emptyClusterState, type ClusterState } from '../model/cluster-state.ts';
import { planNodeStep, type NodeAction } from '../policy/index.ts';
import type { ClusterStore, Watch } from '@wolfpack/store';
import { ReconcileLoop, systemClock, type Clock } from '../runtime/index.ts';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';
import { openControlMailbox } from './control-mailbox.ts';
import { hostEvents } from './host-events.ts';
import { HostPool } from './host-pool.ts';
import { Membership } from './membership.ts';
import { pruneTypeModules } from './resource-folders.ts';
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
 * The node agent (MSCS cluster service on one node): holds the node's lease, and
 * reconciles what runs here with the placements — level-based, on every change and
 * after every operation: compare desired and observed, act, repeat.
 */
export class NodeAgent {
  readonly #options: NodeAgentOptions;
  #follower!: StateFollower;
  readonly #membership: Membership;
  readonly #hosts: HostPool;
  readonly #status: StatusPublisher;
  readonly #controller: ResourceController;
  readonly #clock: Clock;
  readonly #loop: ReconcileLoop;
  #running = false;
  /** Leaving the cluster: nothing is owned here any more, so reconcile takes it all offline. */
  #leaving = false;
  readonly #handledFailureRequests = new Set<string>();
  #mailbox: Watch | undefined;

  constructor(options: NodeAgentOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#loop = new ReconcileLoop({
      clock: this.#clock,
      onError: (error) => options.log(`reconcile pass failed: ${(error as Error).message}`),
      pass: () => {
        if (this.#running && !this.#membership.fencing) this.#reconcile();
      },
    });
    this.#membership = new Membership({
      store: options.store,
      node: options.node,
      clock: this.#clock,
      ttlMs: () => options.leaseTtlMs ?? this.#follower.state.config?.nodeLeaseTtlMs ?? 1000,
      running: () => this.#running,
      onValidUntil: (validUntil, ttlMs, lapsed) => {
        this.#hosts.leaseValidUntil(validUntil, ttlMs);
        // A renewal that came after the node had stopped acting: reconcile again (passes
        // no longer follow every write in the cluster, so nothing else would wake one).
        if (lapsed) this.#loop.trigger();
      },
      fence: (reason) => this.#fence(reason),
      onJoined: (ttlMs) => this.#joined(ttlMs),
      log: options.log,
    });
    this.#hosts = new HostPool({
      hostScript: options.hostScript,
      node: options.node,
      log: options.log,
      ...hostEvents(
        () => this.#controller,
        () => this.#status,
        options.log,
      ),
    });
    this.#status = new StatusPublisher({
      store: options.store,
      node: options.node,
      lease: () => this.#membership.lease,
      follower: () => this.#follower,
    });
    this.#controller = new ResourceController({
      node: options.node,
      cluster: () => this.#follower.state.config?.name ?? 'cluster',
      dataDir: options.dataDir,
      catalog: options.catalog,
      hosts: this.#hosts,
      status: this.#status,
      credentials: new ResourceCredentials({
        store: options.store,
        node: options.node,
        lease: () => this.#membership.lease,
        log: options.log,
      }),
      state: () => this.#follower.state,
      mayAct: () => this.#running && this.#membership.isValid(),
      reconcileSoon: () => this.#loop.trigger(),
      clock: this.#clock,
      log: options.log,
    });
  }

  /** The cluster state as this agent follows it (empty before start). */
  get state(): ClusterState {
    return this.#follower?.state ?? emptyClusterState();
  }

  async start(): Promise<void> {
    this.#follower = await followClusterState(this.#options.store, {
      onChange: (state, events) => {
        if (concernsNode(state, this.#options.node, this.#controller.resources, events)) this.#loop.trigger();
        if (events.some((event) => event.kv.key.startsWith(keys.resourceTypes)))
          pruneTypeModules(this.#options.catalog, this.#options.log);
      },
      onError: (error) => this.#options.log(`watch failed: ${error.message}`),
    });
    // Types removed (or replaced) while this node was down leave no module files behind.
    pruneTypeModules(this.#options.catalog, this.#options.log);
    if (!this.#follower.state.nodes.has(this.#options.node)) {
      this.#options.log(
        `warning: node ${this.#options.node} is not in the cluster configuration; it will take no groups`,
      );
    }
    this.#running = true;
    this.#mailbox = await openControlMailbox({
      store: this.#options.store,
      node: this.#options.node,
      run: (resource, code, input) => this.#controller.control(resource, code, input),
      log: this.#options.log,
    });
    await this.#membership.joinUntilJoined('join');
  }

  /** Leave the cluster: take everything offline gracefully, then give up the lease. */
  async stop({ graceful = true }: { graceful?: boolean } = {}): Promise<void> {
    if (graceful && this.#running) {
      // Offline in reverse dependency order, through the same reconcile step as a move.
      this.#leaving = true;
      this.#loop.trigger();
      await this.#controller.settled(60_000);
    }
    this.#running = false;
    this.#loop.stop();
    this.#membership.wake();
    this.#status.stop();
    await this.#mailbox?.cancel();
    await this.#membership.leave({ revoke: true });
    await this.#hosts.killAll();
    await this.#follower?.stop();
  }

  async #joined(ttlMs: number): Promise<void> {
    await this.#controller.adoptEarlierLife();
    this.#options.log(`joined the cluster (lease TTL ${ttlMs} ms)`);
    this.#loop.trigger();
  }

  /** Lost the lease: stop everything at once (the membership then joins again). */
  async #fence(reason: string): Promise<void> {
    this.#options.log(`FENCING: ${reason}; terminating every resource on this node`);
    this.#controller.resetAll(`fenced: ${reason}`);
    this.#status.forgetAll();
    await this.#hosts.killAll();
  }

  /** One pass: plan from the state and what runs here (policy/node-step.ts), then start each action. */
  #reconcile(): void {
    const actions = planNodeStep(
      this.#follower.state,
      {
        node: this.#options.node,
        validUntil: this.#membership.validUntil,
        leaving: this.#leaving,
        markedUp: this.#membership.markedUp,
        resources: this.#controller.resources,
        handledFailureRequests: this.#handledFailureRequests,
      },
      this.#clock.now(),
    );
    for (const action of actions) this.#execute(action);
  }

  #execute(action: NodeAction): void {
    if (action.type === 'mark-up') return this.#membership.markUp(() => this.#loop.requeueAfter(200));
    const controller = this.#controller;
    const config = this.#follower.state.resources.get(action.resource);
    if (action.type === 'bring-online')
      return void controller.bringOnline(controller.local(action.resource, action.group), config!, action.epoch);
    const local = controller.resources.get(action.resource);
    if (!local) return;
    if (action.type === 'fail-on-request') {
      this.#handledFailureRequests.add(action.request);
      const key = keys.failureRequest(action.resource);
      const compare = [
        { key, target: 'modRevision' as const, op: '=' as const, value: this.#follower.modRevision(key) },
      ];
      void this.#options.store.txn({ compare, success: [{ op: 'delete', key }] }).catch(() => undefined);
      void controller.fail(local, `Initiate Failure by ${action.requestedBy}`);
    } else if (action.type === 'forget') void controller.forget(local);
    else if (action.type === 'reset') void controller.resetForRestart(local, action.reason, action.clearFailures);
    else if (action.type === 'take-offline') void controller.takeOffline(local, config);
    else if (action.type === 'apply-properties') void controller.applyProperties(local, config!);
  }
}
