import { keys, resourceTokenSecret, type ResourceCredentialRecord } from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { sha256 } from './secrets.ts';

/*
 * A resource's own token (`wpr_…`, see @wolfpack/contracts resource-credential.ts): the
 * node that brought the resource online wrote the record under the sha256 of the
 * secret, bound to its lease, and deletes it when the resource goes offline. So a lookup
 * by hash is the whole check, as for sessions: gone means revoked.
 */

export interface FoundResourceCredential {
  record: ResourceCredentialRecord;
  /** The store key: what a live socket watches to learn of its revocation. */
  key: string;
}

/** The credential a presented resource token stands for, or undefined (malformed, unknown, revoked). */
export async function findResourceCredential(
  store: ClusterStore,
  token: string,
): Promise<FoundResourceCredential | undefined> {
  const secret = resourceTokenSecret(token);
  if (secret === undefined) return undefined;
  const key = keys.resourceCredential(sha256(secret));
  const kv = await store.get(key);
  return kv ? { record: JSON.parse(kv.value) as ResourceCredentialRecord, key } : undefined;
}
