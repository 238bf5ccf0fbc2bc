import { readFileSync } from 'node:fs';

/*
 * Who resource processes run as. A node agent running as root gives its resource host
 * WOLFPACK_RESOURCE_USER (default nobody), and the SDK starts every resource process as
 * that user; a node running as anyone else starts them as itself, no more than it has.
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
      return { name, uid: Number(uid), gid: numeric?.[2] !== undefined ? Number(numeric[2]) : Number(gid), home: home || '/' };
    }
  }
  if (numeric) return { name: spec, uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]), home: '/' };
  throw new Error(`${resourceUserVariable} "${spec}" is neither a user of this host (/etc/passwd) nor a uid[:gid]`);
}

/** What a node agent puts in its resource host's environment: the user when it runs as root, else nothing. */
export function resourceUserSetting(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): string | undefined {
  return uid === 0 ? env[resourceUserVariable] || 'nobody' : undefined;
}

/** The user a node running as root starts resource processes as (undefined when it is not root). */
export function resourceUserOfNode(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): ProcessUser | undefined {
  const name = resourceUserSetting(env, uid);
  return name === undefined ? undefined : lookUpUser(name);
}

/**
 * The user resource processes switch to: the one the node set (WOLFPACK_RESOURCE_USER)
 * when this process is root; undefined (no switch) otherwise, as for a type's own tests.
 */
export function resourceProcessUser(env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): ProcessUser | undefined {
  const name = env[resourceUserVariable];
  if (uid !== 0 || !name) return undefined;
  return lookUpUser(name);
}
