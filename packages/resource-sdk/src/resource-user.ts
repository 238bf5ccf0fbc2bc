import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';

/*
 * Who resource processes run as. A node agent running as root starts them, by default,
 * as a uid of their resource's own and a gid of their group's own (like systemd's
 * DynamicUser: numbers without passwd entries, derived from the names, so the same on
 * every node), so one resource cannot read another's /proc/<pid>/environ or signal it,
 * and a group's Disk folder is shared by its resources only. WOLFPACK_RESOURCE_USER set
 * to a user makes that one user run them all instead. A node running as anyone else
 * starts them as itself, no more than it has.
 */

/** A user of this host: ids for setpriv and chown, home for HOME. */
export interface ProcessUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The variable naming the user; an empty value counts as unset. */
export const resourceUserVariable = 'WOLFPACK_RESOURCE_USER';

/**
 * A user by name or `uid[:gid]`, from the passwd text (default /etc/passwd). Throws
 * naming WOLFPACK_RESOURCE_USER and the rule when it is neither.
 */
export function lookUpUser(spec: string, passwd: string = readFileSync('/etc/passwd', 'utf8')): ProcessUser {
  const numeric = /^(\d+)(?::(\d+))?$/.exec(spec);
  for (const line of passwd.split('\n')) {
    const [name = '', , uid = '', gid = '', , home = ''] = line.split(':');
    if (!name || !/^\d+$/.test(uid)) continue;
    if (name === spec || (numeric && uid === numeric[1])) {
      return notRoot({
        name,
        uid: Number(uid),
        gid: numeric?.[2] !== undefined ? Number(numeric[2]) : Number(gid),
        home: home || '/',
      });
    }
  }
  if (numeric)
    return notRoot({ name: spec, uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]), home: '/' });
  throw new Error(`${resourceUserVariable} "${spec}" is neither a user of this host (/etc/passwd) nor a uid[:gid]`);
}

/** Refuses uid or gid 0: without capabilities, root's files (cluster.db, keys) would still be theirs. */
function notRoot(user: ProcessUser): ProcessUser {
  if (user.uid === 0 || user.gid === 0) {
    throw new Error(
      `${resourceUserVariable} "${user.name}" is root (uid ${user.uid}, gid ${user.gid}): resource processes must run as an unprivileged user`,
    );
  }
  return user;
}

/**
 * Set by a root node in its resource host's environment: `per-resource` when
 * WOLFPACK_RESOURCE_USER is not set (the default), `shared` when it names the one user.
 */
export const resourceIdsVariable = 'WOLFPACK_RESOURCE_IDS';

/**
 * Where per-resource uids and per-group gids come from, no passwd entries: the range
 * systemd leaves unused (0x70000000 up to its foreign range at 0x7FFE0000), below 2^31
 * for tools that read ids as signed. 268 million values rather than DynamicUser's 4336:
 * ids derived from names collide about once in 500 clusters of 1000 resources, not in
 * one of 100 clusters of 10.
 */
export const dynamicIdRange = { first: 0x7000_0000, last: 0x7ffd_ffff } as const;

/** A number in dynamicIdRange derived from `key` (FNV-1a): the same on every node. */
export function dynamicId(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return dynamicIdRange.first + (hash % (dynamicIdRange.last - dynamicIdRange.first + 1));
}

/** The resource a resource host is acting for, while it runs that resource's module calls. */
export interface ResourceIdentity {
  resource: string;
  group: string;
  /** Its state folder: HOME for its processes. */
  stateDir: string;
}

/** The user a resource's processes run as with per-resource ids: its uid, its group's gid, HOME its state folder. */
export function perResourceUser(identity: ResourceIdentity): ProcessUser {
  return {
    name: `resource "${identity.resource}"`,
    uid: dynamicId(`resource:${identity.resource}`),
    gid: perGroupGid(identity.group),
    home: identity.stateDir,
  };
}

/** The gid of a group's resource processes with per-resource ids (its Disk folder's group). */
export function perGroupGid(group: string): number {
  return dynamicId(`group:${group}`);
}

// One store for every copy of this SDK in the host (each type bundles its own).
const identityKey = Symbol.for('wolfpack.resource-identity');
function identities(): AsyncLocalStorage<ResourceIdentity> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<ResourceIdentity> | undefined>;
  return (holder[identityKey] ??= new AsyncLocalStorage<ResourceIdentity>());
}

/** Runs `call` (and what it starts, asynchronously) as acting for `identity`: the resource host wraps every module call in it. */
export function runAsResource<T>(identity: ResourceIdentity, call: () => T): T {
  return identities().run(identity, call);
}

/** The resource the current module call acts for, if any. */
export function currentResource(): ResourceIdentity | undefined {
  return identities().getStore();
}

/** What a node agent puts in its resource host's environment: the user when it runs as root, else nothing. */
export function resourceUserSetting(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): string | undefined {
  return uid === 0 ? env[resourceUserVariable] || 'nobody' : undefined;
}

/** What a node agent running as root tells its resource host about ids (undefined when it is not root). */
export function resourceIdsSetting(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): 'per-resource' | 'shared' | undefined {
  if (uid !== 0) return undefined;
  return env[resourceUserVariable] ? 'shared' : 'per-resource';
}

/**
 * The user a node running as root starts resource processes as (undefined when it is not
 * root): the resource's own with per-resource ids, else WOLFPACK_RESOURCE_USER's.
 */
export function resourceUserOfNode(
  identity?: ResourceIdentity,
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
): ProcessUser | undefined {
  const name = resourceUserSetting(env, uid);
  if (name === undefined) return undefined;
  return identity && resourceIdsSetting(env, uid) === 'per-resource' ? perResourceUser(identity) : lookUpUser(name);
}

/**
 * The user resource processes switch to when this process is root: with per-resource ids
 * (WOLFPACK_RESOURCE_IDS), the one of the resource the current module call acts for;
 * otherwise the one the node set (WOLFPACK_RESOURCE_USER). Undefined (no switch) when
 * neither is set or this process is not root, as for a type's own tests.
 */
export function resourceProcessUser(
  env: NodeJS.ProcessEnv = process.env,
  uid: number | undefined = process.getuid?.(),
  identity: ResourceIdentity | undefined = currentResource(),
): ProcessUser | undefined {
  const name = env[resourceUserVariable];
  if (uid !== 0 || !name) return undefined;
  if (identity && env[resourceIdsVariable] === 'per-resource') return perResourceUser(identity);
  return lookUpUser(name);
}
