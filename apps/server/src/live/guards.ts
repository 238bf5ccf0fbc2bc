import { keys, type ApiTokenRecord, type LiveRevoked, type UserRecord } from '@wolfpack/contracts';
import { tokenExpiresAt, type StoredSession } from '../users/index.ts';
import type { Guard } from './revocation.ts';
import type { LivePrincipal } from './socket-auth.ts';

/*
 * What a live connection depends on, as guards (revocation.ts): pure judgements of a store
 * key's value at a time. A session or token connection ends when its session or token is
 * deleted (signed out, password changed, revoked) or expires, and when its user is deleted
 * or changes role; a resource's when its credential is deleted.
 */

/** The store prefixes these guards' keys live under. */
export const guardedPrefixes = [keys.sessions, keys.apiTokens, keys.users, keys.resourceCredentials] as const;

const revoked = (reason: LiveRevoked['reason'], message: string, reconnect = false): LiveRevoked => ({
  reason,
  message,
  reconnect,
});

function parsed<T>(value: string): T | undefined {
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

/** The guards of a connection. A user without a session or token (a test's stand-in authentication) has none. */
export function guardsOf(principal: LivePrincipal): Guard[] {
  if ('via' in principal && principal.via === 'resource') {
    return [
      {
        key: principal.credentialKey,
        judge: (value) =>
          value === undefined
            ? revoked(
                'credential-revoked',
                `the credential of resource ${principal.resource} was deleted (it went offline, failed or moved)`,
              )
            : undefined,
      },
    ];
  }
  const user = principal as Exclude<LivePrincipal, { via: 'resource' }>;
  const guards: Guard[] = [];
  if (user.session) {
    const { idHash, expiresAt } = user.session;
    guards.push({
      key: keys.session(idHash),
      judge: (value, now) => {
        // Deleted at or after its expiry: the lease ran out, which is an expiry too.
        if (now >= expiresAt) return revoked('expired', `the session of ${user.username} expired: sign in again`);
        if (value === undefined)
          return revoked(
            'signed-out',
            `the session of ${user.username} ended (signed out, or the password was changed): sign in again`,
          );
        const record = parsed<StoredSession>(value);
        // Renewed (its user changed the password in it): the browser holds the new cookie, so connect again.
        if (record?.renewedAt !== undefined)
          return revoked(
            'signed-out',
            `the session of ${user.username} has a new id since the password change: connect again`,
            true,
          );
        return record && now >= record.expiresAt
          ? revoked('expired', `the session of ${user.username} expired: sign in again`)
          : undefined;
      },
    });
  } else if (user.tokenId !== undefined) {
    const id = user.tokenId;
    guards.push({
      key: keys.apiToken(id),
      judge: (value, now) => {
        if (value === undefined) return revoked('token-revoked', `API token ${id} of ${user.username} was revoked`);
        const record = parsed<ApiTokenRecord>(value);
        return record && now >= tokenExpiresAt(record)
          ? revoked('expired', `API token ${id} of ${user.username} expired`)
          : undefined;
      },
    });
  } else {
    return guards;
  }
  guards.push({
    key: keys.user(user.username),
    judge: (value) => {
      if (value === undefined) return revoked('user-deleted', `user ${user.username} was deleted`);
      const record = parsed<UserRecord>(value);
      if (record && record.role !== user.role) {
        return revoked(
          'role-changed',
          `the role of ${user.username} changed from ${user.role} to ${record.role}: connect again`,
          true,
        );
      }
      return undefined;
    },
  });
  return guards;
}
