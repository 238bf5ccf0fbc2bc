import { keys } from '@wolfpack/contracts';
import { trimEvents } from '../events/index.ts';
import { followClusterState, type StateFollower } from '../follow/state-follower.ts';
import { FollowedDnsResponder, publishedNames } from '../name-service/index.ts';
import { decide, formationEndsAt } from '../policy/index.ts';
import { campaign } from '../store/election.ts';
import type { ClusterStore, Compare, LeaseId } from '../store/cluster-store.ts';
import { writesForActions } from './placement-writer.ts';
import { derivedTransitions, type LoggedStates } from './transitions.ts';
import { eventPutOp } from '../events/index.ts';

export interface FailoverManagerOptions {
  store: ClusterStore;
  /** The node this candidate runs on (shown as the manager's identity). */
  node: string;
  /** Lease TTL of the candidacy; the next candidate takes over this long after a crash. */
  leaseTtlMs: number;
  /** Periodic pass for time-based rules (failback windows, thresholds ageing). */
  tickMs?: number;
  /** How long a forming cluster waits for all its nodes (default 3 × TTL); see DecideOptions. */
  formationMs?: number;
  /** Event log entries to keep. */
  eventsToKeep?: number;
  log(message: string): void;
}

/**
 * A candidate for the cluster's one failover manager. It campaigns in the store; while
 * it leads, it follows the whole cluster state and writes the placements the policy
 * decides, and answers DNS for the cluster's network names.
 */
export class FailoverManager {
  readonly #o: FailoverManagerOptions;
  #stopped = false;
  #lease: LeaseId = 0;
  #renewTimer: NodeJS.Timeout | undefined;
  #leading: { stop(): Promise<void> } | undefined;
  #campaignAbort = new AbortController();

  constructor(options: FailoverManagerOptions) {
    this.#o = options;
  }

  get isLeader(): boolean {
    return this.#leading !== undefined;
  }

  start(): void {
    void this.#campaignLoop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#campaignAbort.abort();
    clearTimeout(this.#renewTimer);
    await this.#leading?.stop();
    if (this.#lease) await this.#o.store.revokeLease(this.#lease).catch(() => undefined);
  }

  async #campaignLoop(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#campaignOnce();
      } catch (error) {
        if (this.#stopped) return;
        this.#o.log(`manager candidacy: ${(error as Error).message}; campaigning again`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async #campaignOnce(): Promise<void> {
    const grant = await this.#o.store.grantLease(this.#o.leaseTtlMs);
    this.#lease = grant.id;
    const leaseLost = this.#keepLeaseAlive(grant.id);
    const leadership = await campaign(this.#o.store, {
      prefix: keys.managerElection,
      lease: grant.id,
      value: this.#o.node,
      signal: this.#campaignAbort.signal,
    });
    if (this.#stopped) return;
    this.#o.log(`became the failover manager`);
    const leading = await this.#lead(leadership.guard);
    this.#leading = leading;
    await Promise.race([leadership.lost, leaseLost]);
    this.#leading = undefined;
    await leading.stop();
    clearTimeout(this.#renewTimer);
    await this.#o.store.revokeLease(grant.id).catch(() => undefined);
    if (!this.#stopped) this.#o.log('lost the failover manager role');
  }

  /** Renew the candidacy lease; resolves when it is lost. */
  #keepLeaseAlive(lease: LeaseId): Promise<void> {
    return new Promise((resolve) => {
      const interval = Math.max(50, Math.floor(this.#o.leaseTtlMs / 4));
      let validUntil = Date.now() + this.#o.leaseTtlMs;
      const renew = async () => {
        if (this.#stopped || lease !== this.#lease) return resolve();
        const sentAt = Date.now();
        if (sentAt >= validUntil) return resolve();
        try {
          await this.#o.store.keepAlive(lease);
          validUntil = sentAt + this.#o.leaseTtlMs;
        } catch (error) {
          if ((error as { code?: string }).code === 'lease-not-found') return resolve();
        }
        this.#renewTimer = setTimeout(() => void renew(), interval);
      };
      this.#renewTimer = setTimeout(() => void renew(), interval);
    });
  }

  async #lead(leaderGuard: Compare): Promise<{ stop(): Promise<void> }> {
    const store = this.#o.store;
    let scheduled = false;
    let running = false;
    let again = false;
    let follower: StateFollower | undefined;
    let logged: LoggedStates = new Map();
    let formationTimer: NodeJS.Timeout | undefined;

    const reconcile = async (): Promise<void> => {
      if (!follower) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const now = Date.now();
        const passStarted = performance.now();
        const decideOptions = { formationMs: this.#o.formationMs ?? 3 * this.#o.leaseTtlMs };
        const writes = writesForActions(decide(follower.state, now, decideOptions), follower, leaderGuard, now);
        // Decide again the moment formation stops waiting for late nodes.
        const formationEnd = formationEndsAt(follower.state, decideOptions);
        if (formationEnd !== undefined && formationEnd > now) {
          clearTimeout(formationTimer);
          formationTimer = setTimeout(schedule, formationEnd - now + 5);
        }
        // Groups are independent: write them concurrently; a refused one is decided again next pass.
        const transitions = derivedTransitions(follower.state, logged, now);
        logged = transitions.logged;
        // In slices: etcd caps the operations of one transaction.
        for (let i = 0; i < transitions.events.length; i += 100) {
          writes.push({ group: '', compare: [leaderGuard], success: transitions.events.slice(i, i + 100).map(eventPutOp) });
        }
        lastPassMs = performance.now() - passStarted;
        lastPassEnd = performance.now();
        const results = await Promise.allSettled(writes.map((w) => store.txn({ compare: w.compare, success: w.success })));
        for (const result of results) if (result.status === 'rejected') this.#o.log(`placement write failed: ${String(result.reason)}`);
      } finally {
        running = false;
        if (again) {
          again = false;
          schedule();
        }
      }
    };
    // As in the agent: passes are spaced by twice the last one's cost, so a burst of
    // changes at a thousand groups cannot keep this process from renewing its lease.
    let lastPassEnd = 0;
    let lastPassMs = 0;
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      const wait = Math.max(0, lastPassEnd + Math.min(250, lastPassMs * 2) - performance.now());
      const run = () => {
        scheduled = false;
        void reconcile();
      };
      if (wait < 1) setImmediate(run);
      else setTimeout(run, wait);
    };

    // The cluster answers DNS from whichever process leads, where the cluster record says:
    // a change of dnsAddress or dnsPort moves the responder at once. A port still held by
    // the previous leader (or anything else) is tried again until it is free.
    // It answers on a thread of its own, from the names as of the last change.
    const dns = new FollowedDnsResponder({
      names: () => (follower ? publishedNames(follower.state) : new Map()),
      log: this.#o.log,
    });
    const followDnsConfig = () => {
      const config = follower?.state.config;
      dns.follow(config ? { address: config.dnsAddress, port: config.dnsPort } : undefined);
      dns.namesChanged();
    };
    follower = await followClusterState(store, {
      onChange: () => {
        schedule();
        followDnsConfig();
      },
      onError: (e) => this.#o.log(`manager watch: ${e.message}`),
    });
    followDnsConfig();
    await dns.settled();
    const tick = setInterval(schedule, this.#o.tickMs ?? 1000);
    const trim = setInterval(() => void trimEvents(store, this.#o.eventsToKeep ?? 10_000).catch(() => undefined), 60_000);
    schedule();
    return {
      stop: async () => {
        clearInterval(tick);
        clearInterval(trim);
        clearTimeout(formationTimer);
        await follower?.stop();
        follower = undefined;
        await dns.close();
      },
    };
  }
}
