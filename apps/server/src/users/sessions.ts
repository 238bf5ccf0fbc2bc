import { CommandError, keys, type SessionRecord } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
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

/** A session as stored: `renewedAt` marks one replaced by renewSession (it no longer signs in). */
export type StoredSession = SessionRecord & { renewedAt?: number };

/**
 * How long a renewed session's old key stays, marked, before its lease deletes it: long
 * enough for a live socket opened with the old cookie to be told to connect again (with
 * the new one) rather than that its session ended.
 */
export const renewedSessionGraceMs = 10_000;

/** The user's record as it was read when their password (or session) was checked. */
const userUnchanged = (username: string, userRevision: number) => ({
  key: keys.user(username),
  target: 'modRevision' as const,
  op: '=' as const,
  value: userRevision,
});

const changedMeanwhile = (username: string) =>
  new CommandError(
    'conflict',
    `user ${username} was changed while signing in (a new password, role or deletion): no session was opened, sign in again`,
  );

/**
 * Opens a session for a user whose password was just checked, written only if the user's
 * record is still the one read for the check (`userRevision`, its modRevision): a password
 * change (or a deletion) landing between the check and this write would otherwise miss
 * the session when it closes the user's sessions, and leave a holder of the old password
 * signed in. Refused then (conflict: sign in again).
 */
export async function openSession(
  store: ClusterStore,
  username: string,
  userRevision: number,
  ttlMs = defaultSessionTtlMs,
  now = Date.now(),
): Promise<OpenedSession> {
  const id = newSecret();
  const record: SessionRecord = {
    idHash: sha256(id),
    username,
    csrfToken: newSecret(),
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  const lease = await store.grantLease(ttlMs);
  const result = await store.txn({
    compare: [userUnchanged(username, userRevision)],
    success: [{ op: 'put', key: keys.session(record.idHash), value: JSON.stringify(record), lease: lease.id }],
  });
  if (!result.succeeded) {
    await store.revokeLease(lease.id).catch(() => undefined);
    throw changedMeanwhile(username);
  }
  return { id, record };
}

/**
 * Gives a session a new id (a new cookie) after its user's password changed, so a stolen
 * copy of the old cookie does not outlive the change. The new session keeps the old one's
 * CSRF token and expiry; the old key is marked renewed (it signs nobody in) and goes
 * with a lease of renewedSessionGraceMs. Written only if the user's record is still the
 * one at `userRevision` (the changed one) and the old session still exists.
 */
export async function renewSession(
  store: ClusterStore,
  old: SessionRecord,
  userRevision: number,
  now = Date.now(),
): Promise<OpenedSession> {
  const oldKey = keys.session(old.idHash);
  const current = await store.get(oldKey);
  if (!current) throw new CommandError('unauthorized', `the session of ${old.username} ended meanwhile: sign in again`);
  const id = newSecret();
  const record: SessionRecord = { ...old, idHash: sha256(id), createdAt: now };
  const lease = await store.grantLease(Math.max(1000, old.expiresAt - now));
  const grace = await store.grantLease(renewedSessionGraceMs);
  const marked: StoredSession = { ...old, renewedAt: now };
  const result = await store.txn({
    compare: [
      userUnchanged(old.username, userRevision),
      { key: oldKey, target: 'modRevision', op: '=', value: current.modRevision },
    ],
    success: [
      { op: 'put', key: keys.session(record.idHash), value: JSON.stringify(record), lease: lease.id },
      { op: 'put', key: oldKey, value: JSON.stringify(marked), lease: grace.id },
    ],
  });
  if (!result.succeeded) {
    await Promise.all([store.revokeLease(lease.id), store.revokeLease(grace.id)]).catch(() => undefined);
    throw changedMeanwhile(old.username);
  }
  // The old key now lives on the grace lease: its own lease has nothing left to hold.
  if (current.lease) await store.revokeLease(current.lease).catch(() => undefined);
  return { id, record };
}

/** The live session of a cookie's id, or undefined (unknown, expired, renewed or malformed). */
export async function findSession(
  store: ClusterStore,
  id: string,
  now = Date.now(),
): Promise<SessionRecord | undefined> {
  if (id.length === 0 || id.length > 128) return undefined;
  const kv = await store.get(keys.session(sha256(id)));
  if (!kv) return undefined;
  const { renewedAt, ...record } = JSON.parse(kv.value) as StoredSession;
  if (renewedAt !== undefined) return undefined;
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
    const record = JSON.parse(kv.value) as StoredSession;
    // A renewed session's old key signs nobody in and goes with its grace lease.
    if (record.username !== username || record.idHash === except || record.renewedAt !== undefined) continue;
    await closeSession(store, record.idHash);
    closed += 1;
  }
  return closed;
}
