/*
 * Finding the etcd server binary (Debian's etcd-server), and installing it when we may.
 */
import { spawnSync } from 'node:child_process';

export interface EtcdBinary {
  /** Path of `etcd`, or undefined when it is missing and could not be installed. */
  path: string | undefined;
  /** Why it is missing (for a test's skip message). */
  reason?: string;
}

function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/**
 * The etcd binary: on PATH (or ETCD_BINARY), else installed with apt-get when running as
 * root (Debian's etcd-server and etcd-client), else undefined with the reason.
 */
export function findEtcdBinary({ install = true }: { install?: boolean } = {}): EtcdBinary {
  const configured = process.env.ETCD_BINARY;
  if (configured) return { path: configured };
  const present = which('etcd');
  if (present) return { path: present };
  if (!install || process.getuid?.() !== 0) {
    return { path: undefined, reason: 'etcd is not installed (apt-get install etcd-server etcd-client, as root)' };
  }
  const installed = spawnSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client)'], {
    encoding: 'utf8',
  });
  const after = which('etcd');
  if (after) return { path: after };
  return { path: undefined, reason: `etcd is not installed and apt-get could not install etcd-server: ${installed.stderr.trim().split('\n').at(-1) ?? `exit ${installed.status}`}` };
}
