/*
 * Leader election on any ClusterStore, the etcd-concurrency way: each candidate puts
 * `<prefix><lease id in hex>` bound to its lease; the candidate whose key has the lowest
 * createRevision leads; the others wait, watching, until the keys before theirs are gone
 * (resigned, or their lease expired). Only the store decides, so one leader at a time
 * holds in the store's order; a deposed leader may learn of it a watch delay late, so a
 * leader's writes should carry `leadership.guard` in their txn compares.
 */
import {
  StoreError,
  type ClusterStore,
  type Compare,
  type KeyValue,
  type LeaseId,
  type Watch,
} from './cluster-store.ts';

export interface CampaignOptions {
  /** Election folder, e.g. keys.managerElection; ends with '/'. */
  prefix: string;
  /** The candidate's lease: its key goes when the lease does. */
  lease: LeaseId;
  /** What observers see for this leader (e.g. the node name). */
  value: string;
  /** Abort waiting: the candidate's key is deleted and campaign rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface LeadershipLoss {
  /** Why: the leader key was deleted (lease expired or revoked), or the store cannot be followed any more. */
  reason: string;
}

export interface Leadership {
  readonly key: string;
  /** createRevision of the leader key: grows with every new leader, usable as a fencing token. */
  readonly revision: number;
  /** Holds only while this leadership stands: add it to the compares of the leader's txns. */
  readonly guard: Compare;
  /** Resolves if leadership is lost other than by resign(). */
  readonly lost: Promise<LeadershipLoss>;
  /** Call back once if leadership is lost other than by resign() (at once if it already is). */
  onLost(callback: (loss: LeadershipLoss) => void): void;
  /** Change the value observers see; false if no longer the leader. */
  proclaim(value: string): Promise<boolean>;
  /** Step down: delete the leader key (if still ours) and stop following. */
  resign(): Promise<void>;
}

export interface LeaderObservation {
  /** The leader as last seen. */
  current(): KeyValue | undefined;
  cancel(): Promise<void>;
}

/** The current leader of an election, read once. */
export async function leaderOf(store: ClusterStore, prefix: string): Promise<KeyValue | undefined> {
  const result = await store.range(prefix, { sortBy: 'createRevision', order: 'ascend', limit: 1 });
  return result.kvs[0];
}

/** Become a candidate and wait until this candidate leads. */
export async function campaign(store: ClusterStore, options: CampaignOptions): Promise<Leadership> {
  const { prefix, lease, value, signal } = options;
  signal?.throwIfAborted();
  const key = `${prefix}${lease.toString(16)}`;
  // Create the key, or take it back from an earlier campaign of the same lease.
  const created = await store.txn({
    compare: [{ key, target: 'exists', value: false }],
    success: [{ op: 'put', key, value, lease }],
    failure: [{ op: 'get', key }],
  });
  let revision = created.revision;
  if (!created.succeeded) {
    const existing = created.gets[0];
    revision = existing?.createRevision ?? 0;
    if (existing && existing.value !== value) await store.put(key, value, { lease });
  }
  const guard: Compare = { key, target: 'createRevision', op: '=', value: revision };
  const withdraw = () => store.txn({ compare: [guard], success: [{ op: 'delete', key }] }).then(() => undefined);

  let phase: 'waiting' | 'leading' | 'over' = 'waiting';
  let follower: CandidateFollower | undefined;
  const end = () => {
    phase = 'over';
    void follower?.stop();
  };
  let resolveLost: (loss: LeadershipLoss) => void = () => undefined;
  const lost = new Promise<LeadershipLoss>((resolve) => (resolveLost = resolve));
  const loseLeadership = (reason: string) => {
    end();
    resolveLost({ reason });
  };

  await new Promise<void>((resolve, reject) => {
    const stopWaiting = (error: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      end();
      reject(error);
    };
    const onAbort = () => {
      if (phase !== 'waiting') return;
      stopWaiting(signal?.reason);
      void withdraw().catch(() => undefined);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort(); // aborted while the key was being written
    const onChange = (candidates: Map<string, KeyValue>) => {
      const ours = candidates.get(key)?.createRevision === revision;
      if (phase === 'waiting' && !ours) {
        stopWaiting(
          new StoreError(
            'lease-not-found',
            `campaign ${prefix}: candidate key ${key} was deleted before it led (lease ${lease} expired or revoked)`,
          ),
        );
      } else if (phase === 'waiting' && lowest(candidates)?.key === key) {
        phase = 'leading';
        signal?.removeEventListener('abort', onAbort);
        resolve();
      } else if (phase === 'leading' && !ours) {
        loseLeadership(`leader key ${key} was deleted (lease ${lease} expired or revoked, or the key removed)`);
      }
    };
    const onError = (error: StoreError) => {
      if (phase === 'waiting') stopWaiting(error);
      else if (phase === 'leading') loseLeadership(`cannot follow election ${prefix}: ${error.message}`);
    };
    followCandidates(store, prefix, { onChange, onError }).then(
      (started) => {
        follower = started;
        if (phase === 'over') void started.stop();
      },
      (error) => phase === 'waiting' && stopWaiting(error),
    );
  });

  let resigned = false;
  return {
    key,
    revision,
    guard,
    lost,
    onLost(callback) {
      void lost.then((loss) => !resigned && callback(loss));
    },
    async proclaim(next) {
      const result = await store.txn({ compare: [guard], success: [{ op: 'put', key, value: next, lease }] });
      return result.succeeded;
    },
    async resign() {
      if (resigned) return;
      resigned = true;
      phase = 'over';
      await follower?.stop();
      await withdraw();
    },
  };
}

/** Follow who leads an election; onLeader is called at once and on every change of leader or its value. */
export async function observeLeader(
  store: ClusterStore,
  prefix: string,
  onLeader: (leader: KeyValue | undefined) => void,
  onError?: (error: StoreError) => void,
): Promise<LeaderObservation> {
  let leader: KeyValue | undefined;
  let first = true;
  const follower = await followCandidates(store, prefix, {
    onChange: (candidates) => {
      const next = lowest(candidates);
      if (!first && next?.key === leader?.key && next?.modRevision === leader?.modRevision) return;
      first = false;
      leader = next;
      onLeader(next);
    },
    onError: (error) => onError?.(error),
  });
  return { current: () => leader, cancel: () => follower.stop() };
}

interface CandidateFollower {
  stop(): Promise<void>;
}

/**
 * Keep the set of candidate keys under prefix current: read it, then apply the watch;
 * after a compaction read it whole again (level-based, a missed event costs a re-read).
 */
async function followCandidates(
  store: ClusterStore,
  prefix: string,
  listener: { onChange(candidates: Map<string, KeyValue>): void; onError(error: StoreError): void },
): Promise<CandidateFollower> {
  let stopped = false;
  let watch: Watch | undefined;
  const sync = async (): Promise<void> => {
    const read = await store.range(prefix);
    if (stopped) return;
    const candidates = new Map(read.kvs.map((kv) => [kv.key, kv]));
    watch = await store.watch(
      prefix,
      { fromRevision: read.revision + 1 },
      {
        onBatch: (batch) => {
          if (stopped) return;
          for (const event of batch.events) {
            if (event.type === 'put') candidates.set(event.kv.key, event.kv);
            else candidates.delete(event.kv.key);
          }
          listener.onChange(candidates);
        },
        onError: (error) => {
          if (stopped) return;
          if (error.code === 'compacted')
            void sync().catch((failure: StoreError) => !stopped && listener.onError(failure));
          else listener.onError(error);
        },
      },
    );
    if (stopped) await watch.cancel();
    else listener.onChange(candidates);
  };
  await sync();
  return {
    async stop() {
      stopped = true;
      await watch?.cancel();
    },
  };
}

function lowest(candidates: Map<string, KeyValue>): KeyValue | undefined {
  let best: KeyValue | undefined;
  for (const kv of candidates.values()) {
    if (
      !best ||
      kv.createRevision < best.createRevision ||
      (kv.createRevision === best.createRevision && kv.key < best.key)
    )
      best = kv;
  }
  return best;
}
