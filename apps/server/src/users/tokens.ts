import { randomBytes } from 'node:crypto';
import {
  apiTokenDefaultLifetimeDays,
  apiTokensPerUser,
  CommandError,
  keys,
  type ApiTokenRecord,
  type ApiTokenView,
  type CreatedApiToken,
} from '@wolfpack/contracts';
import type { ClusterStore } from '@wolfpack/store';
import { newSecret, sameSecret, sha256 } from './secrets.ts';

/*
 * API tokens for scripts: `wpk_<id>_<secret>`, shown once when created. The store keeps
 * the record under keys.apiToken(id) with the secret's sha256 only. The id is hex (no
 * "_"), so the token splits unambiguously.
 */

const tokenPattern = /^wpk_([0-9a-f]{16})_([A-Za-z0-9_-]{20,128})$/;

/** Writes lastUsedAt at most this often: a busy script must not turn reads into writes. */
const lastUsedResolutionMs = 60_000;

const dayMs = 86_400_000;

/** When a token stops working (a record from before tokens expired: its default lifetime from creation). */
export function tokenExpiresAt(record: ApiTokenRecord): number {
  return record.expiresAt ?? record.createdAt + apiTokenDefaultLifetimeDays * dayMs;
}

/** What clients see of a token: never the secret or its hash. */
export function tokenView(record: ApiTokenRecord): ApiTokenView {
  return {
    id: record.id,
    name: record.name,
    username: record.username,
    createdAt: record.createdAt,
    ...(record.lastUsedAt !== undefined ? { lastUsedAt: record.lastUsedAt } : {}),
    expiresAt: tokenExpiresAt(record),
  };
}

/** How often a creation that lost a race to another of the same user's is tried again. */
const creationAttempts = 20;

/**
 * Creates a token for a user; the reply is the only place its secret appears. Refuses
 * (conflict) past apiTokensPerUser unexpired tokens; expired ones of the user are deleted
 * first. The count and the write are one transaction: the user's ledger key
 * (keys.apiTokenLedger) is read before counting and compared when writing, and every
 * creation rewrites it, so of two creations racing one writes and the other counts again.
 */
export async function createToken(
  store: ClusterStore,
  username: string,
  name: string,
  lifetimeDays = apiTokenDefaultLifetimeDays,
  now = Date.now(),
  userRevision?: number,
): Promise<CreatedApiToken> {
  const ledgerKey = keys.apiTokenLedger(username);
  const userKey = keys.user(username);
  // The user's record as it was when the request was authenticated (else as it is now): a
  // password change after that has listed the user's tokens to revoke them, so a token
  // written after it would survive it. The write compares the record, and is refused.
  const asAuthenticated = userRevision ?? (await store.get(userKey))?.modRevision ?? 0;
  for (let attempt = 0; attempt < creationAttempts; attempt++) {
    const ledger = await store.get(ledgerKey);
    let held = 0;
    for (const token of await listTokens(store, username)) {
      if (tokenExpiresAt(token) <= now) await revokeToken(store, token.id);
      else held += 1;
    }
    if (held >= apiTokensPerUser) {
      throw new CommandError(
        'conflict',
        `user ${username} holds ${held} API tokens, the most one user may: revoke one first (wolfpack token revoke <id>)`,
      );
    }
    const id = randomBytes(8).toString('hex');
    const secret = newSecret();
    const record: ApiTokenRecord = {
      id,
      name,
      username,
      secretHash: sha256(secret),
      createdAt: now,
      expiresAt: now + lifetimeDays * dayMs,
    };
    const key = keys.apiToken(id);
    const result = await store.txn({
      compare: [
        { key, target: 'exists', value: false },
        ledger
          ? { key: ledgerKey, target: 'modRevision', op: '=', value: ledger.modRevision }
          : { key: ledgerKey, target: 'exists', value: false },
        { key: userKey, target: 'modRevision', op: '=', value: asAuthenticated },
      ],
      success: [
        { op: 'put', key, value: JSON.stringify(record) },
        { op: 'put', key: ledgerKey, value: JSON.stringify({ username, held: held + 1, lastCreatedAt: now }) },
      ],
    });
    if (result.succeeded) return { ...tokenView(record), token: `wpk_${id}_${secret}` };
    if ((await store.get(userKey))?.modRevision !== asAuthenticated) {
      throw new CommandError(
        'conflict',
        `user ${username} was changed since this request was authenticated (a new password, role or deletion): no token was created, sign in again`,
      );
    }
  }
  throw new CommandError('conflict', `too many API tokens of ${username} are being created at once: try again`);
}

/** The record a presented token stands for, or undefined (malformed, unknown, revoked, expired, wrong secret). */
export async function findToken(
  store: ClusterStore,
  token: string,
  now = Date.now(),
): Promise<ApiTokenRecord | undefined> {
  const match = tokenPattern.exec(token);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const kv = await store.get(keys.apiToken(id));
  if (!kv) return undefined;
  const record = JSON.parse(kv.value) as ApiTokenRecord;
  if (!sameSecret(record.secretHash, sha256(secret))) return undefined;
  if (tokenExpiresAt(record) <= now) return undefined;
  if (record.lastUsedAt === undefined || now - record.lastUsedAt >= lastUsedResolutionMs) {
    // Compare-and-swap: a revocation racing this write wins.
    const used: ApiTokenRecord = { ...record, lastUsedAt: now };
    await store
      .txn({
        compare: [{ key: kv.key, target: 'modRevision', op: '=', value: kv.modRevision }],
        success: [{ op: 'put', key: kv.key, value: JSON.stringify(used) }],
      })
      .catch(() => undefined);
  }
  return record;
}

/** Every token, or a user's own. */
export async function listTokens(store: ClusterStore, username?: string): Promise<ApiTokenRecord[]> {
  const result = await store.range(keys.apiTokens);
  return result.kvs
    .map((kv) => JSON.parse(kv.value) as ApiTokenRecord)
    .filter((record) => username === undefined || record.username === username)
    .sort((a, b) => a.createdAt - b.createdAt);
}

/** One token's record, or undefined. */
export async function readToken(store: ClusterStore, id: string): Promise<ApiTokenRecord | undefined> {
  const kv = await store.get(keys.apiToken(id));
  return kv ? (JSON.parse(kv.value) as ApiTokenRecord) : undefined;
}

/** Revokes a token: it stops working at once on every server. */
export async function revokeToken(store: ClusterStore, id: string): Promise<void> {
  await store.delete(keys.apiToken(id));
}

/** Revokes every token of a user (deleted, or password changed). */
export async function revokeTokensOf(store: ClusterStore, username: string): Promise<number> {
  const tokens = await listTokens(store, username);
  for (const token of tokens) await revokeToken(store, token.id);
  await store.delete(keys.apiTokenLedger(username));
  return tokens.length;
}
