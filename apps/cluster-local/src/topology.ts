import { etcdCertificateFiles } from '@wolfpack/store-etcd/testing';

/*
 * The distributed mode's topology, described once: what `npm run cluster:local` runs on
 * one machine and what docker-compose.yml runs in containers (a test holds the compose
 * file to this description). Three etcd members, one wolfpackd per node, one server.
 */

/** The cluster's nodes: the paper's two servers and a third, so a majority survives one loss. */
export const clusterNodes = ['OSDB_SERV', 'OSDB_BACK', 'OSDB_THIRD'] as const;

/** etcd member names (their --name), one per host in a real deployment. */
export const etcdMemberNames = ['member0', 'member1', 'member2'] as const;

/**
 * etcd flags every member runs with, tuned for loopback and LAN: raft heartbeat 50 ms and
 * election timeout 250 ms (a dead leader is replaced in ~0.3-0.5 s, and the smallest lease
 * TTL etcd grants is 1 s instead of 2 s); 8 MiB requests (the store allows 2 MB values);
 * client pings every 2 s allowed; history bounded like the embedded store's; pre-vote, so
 * a member back from a cut link does not unseat the leader with the terms it ran up alone.
 */
export const etcdFlags = [
  '--heartbeat-interval=50',
  '--election-timeout=250',
  '--max-request-bytes=8388608',
  '--grpc-keepalive-min-time=2s',
  '--pre-vote',
  '--auto-compaction-mode=revision',
  '--auto-compaction-retention=100000',
] as const;

/** Scripts of the checkout each process runs, relative to the repository root (built by scripts/build.mjs). */
export const scripts = {
  wolfpackd: 'apps/wolfpackd/dist/wolfpackd.mjs',
  server: 'apps/server/dist/server.mjs',
  seed: 'apps/cluster-local/dist/wolfpack-seed.mjs',
  etcdCertificates: 'apps/cluster-local/dist/etcd-certificates.mjs',
} as const;

/** The variables that give a Wolfpack process its etcd client certificate (see @wolfpack/store-connection). */
export function etcdClientEnvironment(tls: {
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
}): Record<string, string> {
  return { WOLFPACK_ETCD_CA: tls.caFile, WOLFPACK_ETCD_CERT: tls.clientCertFile, WOLFPACK_ETCD_KEY: tls.clientKeyFile };
}

/** The node lease TTL the seed writes into the cluster record (see docs/real-hosts.md). */
export const seedLeaseTtlMs = 1000;

/** wolfpackd's arguments for one node. */
export function wolfpackdArguments(node: string, etcd: readonly string[], dataDir: string): string[] {
  return ['--node', node, '--etcd', etcd.join(','), '--data-dir', dataDir];
}

/** The server's arguments (PORT, HOST, WOLFPACK_DATA_DIR and WOLFPACK_ADMIN_PASSWORD come from its environment). */
export function serverArguments(etcd: readonly string[]): string[] {
  return ['--etcd', etcd.join(',')];
}

export interface SeedSettings {
  /** Folder every node reaches: the group's disk is <sharedDir>/disks/SOCKET_GROUP. */
  sharedDir: string;
  chatAddress: string;
  chatPort: number;
  /** The interface the chat address goes on: lo for loopback addresses, the LAN's for a real one. */
  chatInterface: string;
  dnsPort: number;
  leaseTtlMs: number;
}

/** wolfpack-seed's arguments: the seed scenario with the third node, written once into an empty store. */
export function seedArguments(etcd: readonly string[], seed: SeedSettings): string[] {
  return [
    '--etcd',
    etcd.join(','),
    '--shared-dir',
    seed.sharedDir,
    '--chat-address',
    seed.chatAddress,
    '--chat-port',
    String(seed.chatPort),
    '--chat-interface',
    seed.chatInterface,
    '--dns-port',
    String(seed.dnsPort),
    '--lease-ttl-ms',
    String(seed.leaseTtlMs),
  ];
}

/**
 * How docker-compose.yml lays the topology out: a service per etcd member (etcd0..),
 * per node (its name in lower case, osdb-serv..), the seed step and the server; etcd's
 * client port 2379 on each member's service name; the chat address on the containers'
 * eth0 in the compose network (172.28.0.0/24, containers from .128 up). etcd serves
 * clients and peers over TLS only and requires a client certificate: the etcd-certs step
 * makes them (scripts.etcdCertificates) in the etcd-tls volume on the first `up`.
 */
export const compose = {
  etcdServices: etcdMemberNames.map((_, index) => `etcd${index}`),
  etcdEndpoints: etcdMemberNames.map((_, index) => `https://etcd${index}:2379`),
  etcdPeerUrls: etcdMemberNames.map((_, index) => `https://etcd${index}:2380`),
  certificatesService: 'etcd-certs',
  /** The etcd-tls volume, where every etcd member and Wolfpack process finds it (read-only but for etcd-certs). */
  tls: etcdCertificateFiles('/etc/wolfpack/etcd-tls'),
  nodeService: (node: string) => node.toLowerCase().replaceAll('_', '-'),
  /** Each wolfpackd container's own volume, and the one all of them share (the group's disk). */
  nodeDataDir: '/var/lib/wolfpack',
  seed: {
    sharedDir: '/var/lib/wolfpack-shared',
    chatAddress: '172.28.0.84',
    chatPort: 7000,
    chatInterface: 'eth0',
    dnsPort: 5354,
    leaseTtlMs: seedLeaseTtlMs,
  } satisfies SeedSettings,
  subnet: '172.28.0.0/24',
  containerRange: '172.28.0.128/25',
} as const;
