import { keys, type SessionRecord } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/engine';
import { newSecret, sha256 } from './secrets.ts';

/*
 * Login sessions live in the cluster store under keys.session(sha256(id)), bound to a
 * lease: they expire by themselves, every server sees them, and a server restart loses
 * none. The cookie holds the id; the store only its hash, so reading the store does not
 * let anyone sign in.
 */

/** Eight hours: a working day. */
export const defaultSessionTtlMs = 8 * 3600_000;

export interface OpenedSession {
  /** The secret for the cookie. */
  id: string;
  record: SessionRecord;
}

/** Opens a session for a user whose password was just checked. */
export async function openSession(store: ClusterStore, username: string, ttlMs = defaultSessionTtlMs, now = Date.now()): Promise<OpenedSession> {
  const id = newSecret();
  const record: SessionRecord = { idHash: sha256(id), username, csrfToken: newSecret(), createdAt: now, expiresAt: now + ttlMs };
  const lease = await store.grantLease(ttlMs);
  await store.put(keys.session(record.idHash), JSON.stringify(record), { lease: lease.id });
  return { id, record };
}

/** The live session of a cookie's id, or undefined (unknown, expired or malformed). */
export async function findSession(store: ClusterStore, id: string, now = Date.now()): Promise<SessionRecord | undefined> {
  if (id.length === 0 || id.length > 128) return undefined;
  const kv = await store.get(keys.session(sha256(id)));
  if (!kv) return undefined;
  const record = JSON.parse(kv.value) as SessionRecord;
  // The lease deletes it soon after expiry; until the sweep runs, the time decides.
  return record.expiresAt > now ? record : undefined;
}

/** Ends a session (logout): its key and lease go. */
export async function closeSession(store: ClusterStore, idHash: string): Promise<void> {
  const kv = await store.get(keys.session(idHash));
  if (!kv) return;
  if (kv.lease) await store.revokeLease(kv.lease).catch(() => undefined);
  await store.delete(kv.key);
}

/** Ends every session of a user (deleted, or password changed), but the one whose hash is `except`. */
export async function closeSessionsOf(store: ClusterStore, username: string, except?: string): Promise<number> {
  const result = await store.range(keys.sessions);
  let closed = 0;
  for (const kv of result.kvs) {
    const record = JSON.parse(kv.value) as SessionRecord;
    if (record.username !== username || record.idHash === except) continue;
    await closeSession(store, record.idHash);
    closed += 1;
  }
  return closed;
}
