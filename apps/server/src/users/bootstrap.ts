import { randomBytes } from 'node:crypto';
import { keys } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { createUser } from './users.ts';

export interface BootstrapResult {
  /** True when this call created the first admin. */
  created: boolean;
  username: string;
  /** Set when the password was generated: print it once, it is stored only hashed. */
  generatedPassword?: string;
}

/**
 * First start: when the store holds no user at all, create `admin` with the given
 * password (WOLFPACK_ADMIN_PASSWORD) or a random one. Several servers starting at once
 * create it once: the create is a compare-and-swap on the key's absence.
 */
export async function bootstrapAdmin(store: ClusterStore, password?: string): Promise<BootstrapResult> {
  const username = 'admin';
  const existing = await store.range(keys.users, { limit: 1 });
  if (existing.kvs.length > 0) return { created: false, username };
  if (password !== undefined && password.length < 8) {
    throw new Error('WOLFPACK_ADMIN_PASSWORD must have at least 8 characters');
  }
  const generated = password === undefined ? randomBytes(15).toString('base64url') : undefined;
  try {
    await createUser(store, username, password ?? generated!, 'admin');
  } catch {
    return { created: false, username }; // another server created it first
  }
  return { created: true, username, ...(generated ? { generatedPassword: generated } : {}) };
}
