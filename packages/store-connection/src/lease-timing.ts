/*
 * Lease and call timing that depends on the store. etcd grants whole-second TTLs (and
 * expires them in ~0.5 s steps); the embedded store counts milliseconds.
 */

/**
 * Node lease TTL when neither the cluster record nor the command line says: 1 s. On etcd
 * this needs the tuned raft timing (--heartbeat-interval=50 --election-timeout=250,
 * whose minimum TTL is 1 s); see docs/real-hosts.md for what the TTL trades off.
 */
export const defaultLeaseTtlMs = 1000;

/**
 * The TTL a node should ask for and count with on this store: on etcd, rounded up to
 * whole seconds (what etcd grants anyway), so the agent's fencing window is the real one.
 */
export function leaseTtlForStore(ttlMs: number, store: 'etcd' | 'embedded'): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new Error(`lease TTL must be a positive number of milliseconds, not ${ttlMs}`);
  return store === 'etcd' ? Math.max(1000, Math.ceil(ttlMs / 1000) * 1000) : Math.ceil(ttlMs);
}

/**
 * etcd call timing for a node lease of `leaseTtlMs` on a LAN. The agent renews every
 * TTL/4, and its resource hosts fence themselves 3/4 TTL after the last renewal was sent:
 * one attempt stuck on a dead or cut-off member must give way within a renewal interval,
 * so that the retry on another member lands before the fence. A whole call (writes
 * included) gives up after one TTL: past that, a renewal is worthless anyway.
 */
export function etcdTimeoutsFor(leaseTtlMs: number = defaultLeaseTtlMs): {
  requestTimeoutMs: number;
  attemptTimeoutMs: number;
} {
  return {
    requestTimeoutMs: Math.min(5000, Math.max(1000, leaseTtlMs)),
    attemptTimeoutMs: Math.min(1000, Math.max(250, Math.floor(leaseTtlMs / 4))),
  };
}
