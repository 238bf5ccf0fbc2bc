import { keys } from '@wolfpack/contracts';
import { trimEvents } from '../events/index.ts';
import { followClusterState, type StateFollower } from '../follow/state-follower.ts';
import { FollowedDnsResponder, publishedNames } from '../name-service/index.ts';
import { decide, formationEndsAt } from '../policy/index.ts';
import { KeptLease, ReconcileLoop, systemClock, type Clock } from '../runtime/index.ts';
import { campaign } from '@wolfpack/store';
import type { ClusterStore, Compare } from '@wolfpack/store';
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
  clock?: Clock;
  log(message: string): void;
}

/**
 * A candidate for the cluster's one failover manager. It campaigns in the store; while
 * it leads, it follows the whole cluster state and writes the placements the policy
 * decides, and answers DNS for the cluster's network names.
 */
export class FailoverManager {
  readonly #options: FailoverManagerOptions;
  #stopped = false;
  #lease: KeptLease | undefined;
  /** Ends the current candidacy's wait (its lease lost, or the candidate stopped). */
  #endCandidacy: () => void = () => undefined;
  #leading: { stop(): Promise<void> } | undefined;
  #campaignAbort = new AbortController();

  constructor(options: FailoverManagerOptions) {
    this.#options = options;
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
    this.#endCandidacy();
    await this.#leading?.stop();
    await this.#lease?.stop({ revoke: true });
  }

  async #campaignLoop(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#campaignOnce();
      } catch (error) {
        if (this.#stopped) return;
        this.#options.log(`manager candidacy: ${(error as Error).message}; campaigning again`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async #campaignOnce(): Promise<void> {
    const ended = new Promise<void>((resolve) => (this.#endCandidacy = resolve));
    const lease = new KeptLease({
      store: this.#options.store,
      ttlMs: this.#options.leaseTtlMs,
      clock: this.#options.clock,
      onLost: () => this.#endCandidacy(),
      log: (message) => this.#options.log(`manager candidacy: ${message}`),
    });
    this.#lease = lease;
    let leadership: Awaited<ReturnType<typeof campaign>>;
    try {
      const id = await lease.grant();
      lease.keep();
      leadership = await campaign(this.#options.store, {
        prefix: keys.managerElection,
        lease: id,
        value: this.#options.node,
        signal: this.#campaignAbort.signal,
      });
    } catch (error) {
      // The next candidacy takes a lease of its own; this one is left to expire.
      await lease.stop({ revoke: false });
      throw error;
    }
    if (this.#stopped) return;
    this.#options.log(`became the failover manager`);
    const leading = await this.#lead(leadership.guard);
    this.#leading = leading;
    await Promise.race([leadership.lost, ended]);
    this.#leading = undefined;
    await leading.stop();
    await lease.stop({ revoke: true });
    if (!this.#stopped) this.#options.log('lost the failover manager role');
  }

  async #lead(leaderGuard: Compare): Promise<{ stop(): Promise<void> }> {
    const store = this.#options.store;
    const clock = this.#options.clock ?? systemClock;
    const tickMs = this.#options.tickMs ?? 1000;
    let follower: StateFollower | undefined;
    let logged: LoggedStates = new Map();

    // Passes are spaced by the loop, so a burst of changes at a thousand groups cannot keep
    // this process from renewing its lease; one at least every tick for the time-based rules
    // (failback windows, thresholds ageing).
    const loop = new ReconcileLoop({
      clock,
      onError: (error) => this.#options.log(`manager pass failed: ${(error as Error).message}`),
      pass: async () => {
        if (!follower) return;
        const now = clock.now();
        const decideOptions = { formationMs: this.#options.formationMs ?? 3 * this.#options.leaseTtlMs };
        const writes = writesForActions(decide(follower.state, now, decideOptions), follower, leaderGuard, now);
        // Decide again the moment formation stops waiting for late nodes.
        const formationEnd = formationEndsAt(follower.state, decideOptions);
        if (formationEnd !== undefined && formationEnd > now) loop.requeueAfter(formationEnd - now + 5);
        const transitions = derivedTransitions(follower.state, logged, now);
        logged = transitions.logged;
        // In slices: etcd caps the operations of one transaction.
        for (let i = 0; i < transitions.events.length; i += 100) {
          writes.push({
            group: '',
            compare: [leaderGuard],
            success: transitions.events.slice(i, i + 100).map(eventPutOp),
          });
        }
        // Groups are independent: write them concurrently; a refused one is decided again next pass.
        const results = await Promise.allSettled(
          writes.map((w) => store.txn({ compare: w.compare, success: w.success })),
        );
        for (const result of results)
          if (result.status === 'rejected') this.#options.log(`placement write failed: ${String(result.reason)}`);
        return { requeueAfterMs: tickMs };
      },
    });
    const schedule = () => loop.trigger();

    // The cluster answers DNS from whichever process leads, where the cluster record says:
    // a change of dnsAddress or dnsPort moves the responder at once. A port still held by
    // the previous leader (or anything else) is tried again until it is free.
    // It answers on a thread of its own, from the names as of the last change.
    const dns = new FollowedDnsResponder({
      names: () => (follower ? publishedNames(follower.state) : new Map()),
      log: this.#options.log,
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
      onError: (e) => this.#options.log(`manager watch: ${e.message}`),
    });
    followDnsConfig();
    await dns.settled();
    const trim = setInterval(
      () => void trimEvents(store, this.#options.eventsToKeep ?? 10_000).catch(() => undefined),
      60_000,
    );
    schedule();
    return {
      stop: async () => {
        loop.stop();
        clearInterval(trim);
        await follower?.stop();
        follower = undefined;
        await dns.close();
      },
    };
  }
}
