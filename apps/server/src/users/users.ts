import { CommandError, keys, type Role, type UserRecord, type UserView } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { hashPassword } from './passwords.ts';

/*
 * Users live in the cluster store under keys.user(name), so every server sees the same
 * users. Writes are compare-and-swap on the record's modRevision: two admins changing
 * one user at once cannot lose either change silently.
 */

/** A stored user and the revision it was read at (for compare-and-swap). */
export interface StoredUser {
  record: UserRecord;
  modRevision: number;
}

/** What clients see of a user: never the hash. */
export function userView(record: UserRecord): UserView {
  return { username: record.username, role: record.role, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** One user, or undefined. */
export async function readUser(store: ClusterStore, username: string): Promise<StoredUser | undefined> {
  const kv = await store.get(keys.user(username));
  return kv ? { record: JSON.parse(kv.value) as UserRecord, modRevision: kv.modRevision } : undefined;
}

/** Every user, by name. */
export async function listUsers(store: ClusterStore): Promise<UserRecord[]> {
  const result = await store.range(keys.users);
  return result.kvs
    .map((kv) => JSON.parse(kv.value) as UserRecord)
    .sort((a, b) => a.username.localeCompare(b.username));
}

/** Creates a user; refuses (conflict) if the name is taken. */
export async function createUser(
  store: ClusterStore,
  username: string,
  password: string,
  role: Role,
  now = Date.now(),
): Promise<UserRecord> {
  const record: UserRecord = {
    username,
    role,
    passwordHash: await hashPassword(password),
    createdAt: now,
    updatedAt: now,
  };
  const key = keys.user(username);
  const result = await store.txn({
    compare: [{ key, target: 'exists', value: false }],
    success: [{ op: 'put', key, value: JSON.stringify(record) }],
  });
  if (!result.succeeded)
    throw new CommandError('conflict', `user ${username} already exists`, [
      { path: 'username', message: `user ${username} already exists` },
    ]);
  return record;
}

/** Admins other than `except`: the cluster must keep at least one. */
async function otherAdmins(store: ClusterStore, except: string): Promise<number> {
  return (await listUsers(store)).filter((user) => user.role === 'admin' && user.username !== except).length;
}

/**
 * Changes a user's role and/or password. Refuses to demote the last admin: a cluster
 * nobody can administer is only fixed by editing the store by hand. Returns the record
 * and the revision it was written at (sessions and tokens made after compare it).
 */
export async function updateUser(
  store: ClusterStore,
  username: string,
  change: { role?: Role; password?: string },
  now = Date.now(),
): Promise<StoredUser> {
  const current = await readUser(store, username);
  if (!current) throw new CommandError('not-found', `user ${username} does not exist`);
  if (
    current.record.role === 'admin' &&
    change.role !== undefined &&
    change.role !== 'admin' &&
    (await otherAdmins(store, username)) === 0
  ) {
    const message = `user ${username} is the last admin: make another user admin first`;
    throw new CommandError('conflict', message, [{ path: 'role', message }]);
  }
  const record: UserRecord = {
    ...current.record,
    ...(change.role !== undefined ? { role: change.role } : {}),
    ...(change.password !== undefined ? { passwordHash: await hashPassword(change.password) } : {}),
    updatedAt: now,
  };
  const key = keys.user(username);
  const result = await store.txn({
    compare: [{ key, target: 'modRevision', op: '=', value: current.modRevision }],
    success: [{ op: 'put', key, value: JSON.stringify(record) }],
  });
  if (!result.succeeded)
    throw new CommandError(
      'conflict',
      `user ${username} was changed by someone else meanwhile: nothing was changed, try again`,
    );
  return { record, modRevision: result.revision };
}

/** Deletes a user (their sessions and tokens are revoked by the caller). Refuses the last admin. */
export async function deleteUser(store: ClusterStore, username: string): Promise<void> {
  const current = await readUser(store, username);
  if (!current) throw new CommandError('not-found', `user ${username} does not exist`);
  if (current.record.role === 'admin' && (await otherAdmins(store, username)) === 0) {
    throw new CommandError('conflict', `user ${username} is the last admin: make another user admin first`);
  }
  const key = keys.user(username);
  const result = await store.txn({
    compare: [{ key, target: 'modRevision', op: '=', value: current.modRevision }],
    success: [{ op: 'delete', key }],
  });
  if (!result.succeeded)
    throw new CommandError(
      'conflict',
      `user ${username} was changed by someone else meanwhile: nothing was changed, try again`,
    );
}
