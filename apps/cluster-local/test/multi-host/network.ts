import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';

/*
 * Hosts made of Linux network namespaces on one bridge: each "host" is a namespace whose
 * `eth0` is one end of a veth pair; the other end is a port of a bridge in the root
 * namespace (the LAN switch). The root namespace has an address on the bridge too, so
 * the test (an administrator's machine) reaches etcd and the hosts. A host's link is cut
 * by taking its port on the switch down, as pulling its cable would.
 */

/** Every namespace and link of this suite starts with it: leftovers of a crashed run are found by it. */
export const networkPrefix = 'wpmh';
const bridgeName = `${networkPrefix}-br`;
const subnet = '10.77.0';

/** One machine on the LAN: a namespace, its address on eth0, its port on the switch. */
export interface NetworkHost {
  /** Network namespace (`ip netns exec <namespace>`). */
  namespace: string;
  /** Its own address on eth0 (/24). */
  address: string;
  /** Its veth end in the root namespace, a port of the bridge. */
  switchPort: string;
  /** Inode of the namespace: /proc/<pid>/ns/net of its processes names it. */
  inode: number;
}

export interface MultiHostNetwork {
  hosts: NetworkHost[];
  /** The fourth namespace, where the chat client runs. */
  client: NetworkHost;
  /** The interface inside every namespace (the same name everywhere, so one resource config fits all). */
  interfaceName: 'eth0';
  /** The floating address the IP Address resource moves between the hosts. */
  floatingAddress: string;
  prefixLength: 24;
  /** The root namespace's address on the bridge. */
  adminAddress: string;
}

function ip(args: string[], { check = true } = {}): { status: number; stderr: string; stdout: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (check && result.status !== 0)
    throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim() || `exit ${result.status}`}`);
  return { status: result.status ?? 1, stderr: result.stderr, stdout: result.stdout };
}

/** Remove every namespace and link with this suite's prefix (this run's, or a crashed earlier run's). */
export function removeNetwork(): void {
  const namespaces = ip(['netns', 'list'], { check: false })
    .stdout.split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(networkPrefix));
  for (const namespace of namespaces) ip(['netns', 'del', namespace], { check: false });
  // Deleting a namespace deletes its veth end and with it the peer; the bridge stays.
  const links = readdirSync('/sys/class/net').filter((name) => name.startsWith(networkPrefix));
  for (const link of links) ip(['link', 'del', link], { check: false });
}

function addHost(namespace: string, switchPort: string, address: string): NetworkHost {
  ip(['netns', 'add', namespace]);
  ip(['link', 'add', switchPort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
  ip(['link', 'set', switchPort, 'master', bridgeName]);
  ip(['link', 'set', switchPort, 'up']);
  ip(['-n', namespace, 'link', 'set', 'lo', 'up']);
  ip(['-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
  ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
  return { namespace, address, switchPort, inode: statSync(`/run/netns/${namespace}`).ino };
}

/**
 * The LAN: a bridge with 10.77.0.254 for the root namespace, hosts h1..hN at 10.77.0.1..N,
 * the client namespace at 10.77.0.50, floating address 10.77.0.100. Removes leftovers first.
 */
export function createNetwork(hostCount = 3): MultiHostNetwork {
  removeNetwork();
  const adminAddress = `${subnet}.254`;
  ip(['link', 'add', bridgeName, 'type', 'bridge']);
  ip(['addr', 'add', `${adminAddress}/24`, 'dev', bridgeName]);
  ip(['link', 'set', bridgeName, 'up']);
  const hosts = Array.from({ length: hostCount }, (_, index) =>
    addHost(`${networkPrefix}-h${index + 1}`, `${networkPrefix}-p${index + 1}`, `${subnet}.${index + 1}`),
  );
  const client = addHost(`${networkPrefix}-client`, `${networkPrefix}-pc`, `${subnet}.50`);
  return { hosts, client, interfaceName: 'eth0', floatingAddress: `${subnet}.100`, prefixLength: 24, adminAddress };
}

/** Pull the host's cable: its switch port goes down, nothing passes either way. */
export function cutLink(host: NetworkHost): void {
  ip(['link', 'set', host.switchPort, 'down']);
}

/** Plug the cable back in. */
export function restoreLink(host: NetworkHost): void {
  ip(['link', 'set', host.switchPort, 'up']);
}

/** The command prefix that runs a program on the host. */
export function onHost(host: NetworkHost): string[] {
  return ['ip', 'netns', 'exec', host.namespace];
}
