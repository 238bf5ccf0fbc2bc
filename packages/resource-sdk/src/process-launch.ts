import type { ResourceApiAccess, resourceApiEnvironment } from '@wolfpack/contracts';
import type { ProcessUser } from './resource-user.ts';

/*
 * How a resource process is started: what it inherits (a clean environment, never the
 * node's secrets) and under which restrictions (setpriv: parent-death signal,
 * no_new_privs). Pure, so every rule is tested without starting anything.
 */

/** The names are the contracts' (checked by the type); written here so the SDK needs contracts' types only. */
const apiVariables: typeof resourceApiEnvironment = { url: 'WOLFPACK_URL', token: 'WOLFPACK_TOKEN' };

/**
 * The only variables a resource process inherits from the node. Everything else the node
 * has (WOLFPACK_ADMIN_PASSWORD, WOLFPACK_ETCD_* and key paths, an admin's token) stays out;
 * a type passes what its process needs through `env`. WOLFPACK_DATA_DIR is no secret (a
 * folder only the node's user can read): it is how `ps e` and the test harnesses tell
 * the processes of one cluster from another's on the same machine.
 */
export const inheritedVariables = ['PATH', 'LANG', 'TZ', 'HOME', 'WOLFPACK_DATA_DIR'] as const;

/**
 * The node's secrets: the admin password, the etcd client credentials and their key paths,
 * the server's TLS key, and any cluster API token the node itself was given. No child of
 * the node inherits one (a resource process gets its own cluster API access, not the node's).
 */
const nodeSecret = /^WOLFPACK_(ADMIN_PASSWORD|ETCD(_.*)?|TLS_.*|TOKEN|URL)$/;

/**
 * What every child of the node inherits of `inherited`: the variables named in `only`
 * (all of them when `only` is absent: the resource host's case), never a node secret.
 * The one rule set for every child: resource processes, the resource host, isolated modules.
 */
export function inheritedEnvironment(inherited: NodeJS.ProcessEnv, only?: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of only ?? Object.keys(inherited))
    if (inherited[name] !== undefined && !nodeSecret.test(name)) env[name] = inherited[name];
  return env;
}

/**
 * The child's environment: PATH, LANG, TZ, HOME and WOLFPACK_DATA_DIR from this process's, then the
 * resource's own cluster API (WOLFPACK_URL, WOLFPACK_TOKEN), then the caller's `env`.
 */
export function childEnvironment(
  inherited: NodeJS.ProcessEnv,
  options: { env?: Record<string, string>; clusterApi?: ResourceApiAccess },
  user?: ProcessUser,
): NodeJS.ProcessEnv {
  const env = inheritedEnvironment(inherited, inheritedVariables);
  if (user) env.HOME = user.home;
  if (options.clusterApi) {
    env[apiVariables.url] = options.clusterApi.url;
    env[apiVariables.token] = options.clusterApi.token;
  }
  return { ...env, ...options.env };
}

/** Why a resource process is not started without setpriv. */
export const missingSetprivRefusal =
  'setpriv (Debian package util-linux) is missing: resource processes are not started without it, since without its parent-death signal a killed node or resource host would leave them running next to the node that takes their group over';

/** A capability as setpriv names it: CAP_NET_BIND_SERVICE → net_bind_service. */
const setprivCapability = (name: string): string => name.replace(/^CAP_/i, '').toLowerCase();

/**
 * The program and arguments that start `commandPath` through setpriv: SIGKILL when the
 * spawning thread dies, and no_new_privs (no setuid binary or file capability can give
 * it more than it started with). With a user (the node runs as root): as that user, no
 * supplementary groups, and of all capabilities only `capabilities` (those its type's
 * manifest declares), kept across the switch as ambient ones. Throws, saying why, when
 * there is no setpriv.
 */
export function launchCommand(
  setprivPath: string | undefined,
  commandPath: string,
  args: readonly string[],
  user?: ProcessUser,
  capabilities: readonly string[] = [],
): [string, string[]] {
  if (!setprivPath) throw new Error(missingSetprivRefusal);
  const identity: string[] = [];
  if (user) {
    const kept = ['-all', ...capabilities.map((name) => `+${setprivCapability(name)}`)].join(',');
    identity.push(
      `--reuid=${user.uid}`,
      `--regid=${user.gid}`,
      '--clear-groups',
      `--inh-caps=${kept}`,
      `--ambient-caps=${kept}`,
      `--bounding-set=${kept}`,
    );
  }
  return [setprivPath, ['--no-new-privs', '--pdeathsig', 'KILL', ...identity, '--', commandPath, ...args]];
}
