/*
 * Finding the etcd server binary (Debian's etcd-server). Nothing installs it from here:
 * `npm start`, `npm test` and `npm run cluster:local` install it in their setup.
 */
import { spawnSync } from 'node:child_process';

export interface EtcdBinary {
  /** Path of `etcd`, or undefined when it is missing. */
  path: string | undefined;
  /** Why it is missing. */
  reason?: string;
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/** The etcd binary: ETCD_BINARY, else `etcd` on PATH, else undefined with the reason. */
export function findEtcdBinary(): EtcdBinary {
  const configured = process.env.ETCD_BINARY;
  if (configured) return { path: configured };
  const present = which('etcd');
  if (present) return { path: present };
  return {
    path: undefined,
    reason: "etcd is not installed (Debian's etcd-server; the setup of npm start and npm test installs it as root)",
  };
}
