import { Type, type Static } from '@sinclair/typebox';
import { ObjectName, Timestamp } from './names.ts';

/*
 * A resource's own cluster API (step 2 of the paper: "add cluster functions through the
 * cluster API"). When a node brings a resource online it writes a credential for it to
 * the store, keyed by the sha256 of a random secret and bound to the node's lease, and the
 * resource's processes get the secret as WOLFPACK_TOKEN with the API's address as
 * WOLFPACK_URL. The server takes such a token as the resource itself: it may read its own
 * resource (private properties included) and follow that resource's changes, nothing
 * else. The node deletes the credential when the resource goes offline, fails or moves;
 * the lease deletes it when the node dies.
 */

/** The environment variables a resource's process gets: the names @wolfpack/client's README and the CLI use. */
export const resourceApiEnvironment = { url: 'WOLFPACK_URL', token: 'WOLFPACK_TOKEN' } as const;

/** Where a resource's processes reach the cluster API, and the token they act with. */
export interface ResourceApiAccess {
  url: string;
  token: string;
}

/** A resource credential as stored under keys.resourceCredential(sha256(secret)); the secret itself is never stored. */
export const ResourceCredentialRecord = Type.Object({
  resource: ObjectName,
  /** The node that brought the resource online and wrote this credential. */
  node: ObjectName,
  /** The group's placement epoch it was written under. */
  epoch: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
});
export type ResourceCredentialRecord = Static<typeof ResourceCredentialRecord>;

/** An API server's address, advertised in the store (bound to the server's lease) for nodes to hand to resources. */
export const ApiServerRecord = Type.Object({
  url: Type.String({ minLength: 1 }),
  startedAt: Timestamp,
});
export type ApiServerRecord = Static<typeof ApiServerRecord>;

/** Resource tokens start with this; user API tokens with `wpk_`. */
export const resourceTokenPrefix = 'wpr_';

const resourceTokenPattern = /^wpr_([A-Za-z0-9_-]{43})$/;

/** The secret of a resource token (`wpr_` + 32 random bytes, base64url), or undefined if the text is not one. */
export function resourceTokenSecret(token: string): string | undefined {
  return resourceTokenPattern.exec(token)?.[1];
}

/** The newest advertised API server: the one most likely still reachable. */
export function newestApiServer(servers: readonly ApiServerRecord[]): ApiServerRecord | undefined {
  return servers.reduce<ApiServerRecord | undefined>(
    (newest, server) => (!newest || server.startedAt > newest.startedAt ? server : newest),
    undefined,
  );
}
