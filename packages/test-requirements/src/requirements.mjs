/*
 * What a test suite may need from the machine, by name. A suite declares it with
 * describeWhen (describe-when.ts) and skips, saying why, when it is unmet; WOLFPACK_REQUIRE
 * (set by .ci/run) names the requirements that must be met, so that a missing tool fails
 * the run instead of quietly skipping dozens of tests; `npm test`'s setup installs their
 * Debian packages before any test starts (nothing is installed from inside a test).
 *
 * Plain JavaScript: scripts/setup.mjs and scripts/test.mjs read it before anything is built.
 */
import { spawnSync } from 'node:child_process';

/** True when `command` is on the PATH (setup.mjs asks the same of its own packages). */
export const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => process.getuid?.() === 0;
const firstLine = (text) => text.trim().split('\n')[0] ?? '';

/** Why `ip netns add` cannot make the multi-host suite's hosts, or undefined when it can. */
function namespacesUnmet() {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (!isRoot()) return 'network namespaces need root (ip netns add)';
  const probe = `wp-probe-${process.pid}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.error) return `iproute2's ip is not installed: ${added.error.message}`;
  if (added.status !== 0) return `ip netns add is not permitted here: ${firstLine(added.stderr)}`;
  spawnSync('ip', ['netns', 'del', probe]);
  // Without the gratuitous ARP a client keeps sending to the old owner's MAC (~30 s).
  if (!has('arping'))
    return 'arping is not installed (iputils-arping): the IP Address resource announces a moved address with it';
  return undefined;
}

/**
 * Why no throwaway interface can be made for the IP Address resource's real path, or
 * undefined when one can: a dummy link, or a veth pair on kernels without the dummy driver.
 */
function linkUnmet() {
  if (!isRoot()) return '"ip link add" needs root';
  const probe = `wpprobe${process.pid % 100_000}`;
  const attempts = [
    ['type', 'dummy'],
    ['type', 'veth', 'peer', 'name', `${probe}p`],
  ];
  let refusal = '';
  for (const kind of attempts) {
    const added = spawnSync('ip', ['link', 'add', probe, ...kind], { encoding: 'utf8' });
    if (added.error) return `iproute2's ip is not installed: ${added.error.message}`;
    if (added.status === 0) {
      spawnSync('ip', ['link', 'del', probe]);
      return undefined;
    }
    refusal = firstLine(added.stderr);
  }
  return `"ip link add" is not permitted here: ${refusal}`;
}

/** Why strace cannot trace a process here (not installed, or ptrace refused), or undefined when it can. */
function straceUnmet() {
  const traced = spawnSync('strace', ['-o', '/dev/null', '-e', 'trace=fsync', 'true'], { encoding: 'utf8' });
  if (traced.error) return 'strace is not installed';
  if (traced.status !== 0) return `strace cannot trace here: ${firstLine(traced.stderr)}`;
  return undefined;
}

/**
 * Every requirement: what it is, the Debian packages that provide it (by the command that
 * shows one is there), and `unmet()`: why it is not met here, or undefined. An optional one
 * is not expected on a test machine at all (a benchmark), and its skip says so.
 */
export const requirements = {
  etcd: {
    description: 'a real etcd server (the etcd store, cluster:local, the multi-host cluster)',
    debianPackages: [{ command: 'etcd', pkg: 'etcd-server' }],
    // As findEtcdBinary (@wolfpack/store-etcd/testing) looks for it.
    unmet: () => (process.env.ETCD_BINARY || has('etcd') ? undefined : "etcd is not installed (Debian's etcd-server)"),
  },
  netns: {
    description: 'network namespaces on a bridge, and arping (the multi-host cluster)',
    debianPackages: [
      { command: 'ip', pkg: 'iproute2' },
      { command: 'arping', pkg: 'iputils-arping' },
    ],
    unmet: namespacesUnmet,
  },
  'ip-link': {
    description: 'a throwaway network interface (the IP Address resource on a real interface)',
    debianPackages: [{ command: 'ip', pkg: 'iproute2' }],
    unmet: linkUnmet,
  },
  compose: {
    description: 'docker-compose, to resolve docker-compose.yml as Docker would',
    debianPackages: [{ command: 'docker-compose', pkg: 'docker-compose' }],
    unmet: () => (has('docker-compose') ? undefined : "docker-compose is not installed (Debian's docker-compose)"),
  },
  openssl: {
    description: 'openssl, to make certificates (etcd over TLS with client certificates)',
    debianPackages: [{ command: 'openssl', pkg: 'openssl' }],
    unmet: () => (has('openssl') ? undefined : 'openssl is not installed'),
  },
  ocf: {
    description: "OCF resource agents (Debian's resource-agents: heartbeat:Dummy, anything, IPaddr2)",
    // Not on the PATH: `command -v` takes the agent's absolute path.
    debianPackages: [{ command: '/usr/lib/ocf/resource.d/heartbeat/Dummy', pkg: 'resource-agents' }],
    unmet: () =>
      has('/usr/lib/ocf/resource.d/heartbeat/Dummy')
        ? undefined
        : "OCF resource agents are not installed (Debian's resource-agents)",
  },
  strace: {
    description: "strace, to count the fsyncs a process makes (the embedded store's durability settings)",
    debianPackages: [{ command: 'strace', pkg: 'strace' }],
    unmet: straceUnmet,
  },
  bench: {
    description: 'a benchmark run on purpose (the live-stream benchmark)',
    optional: true,
    debianPackages: [],
    unmet: () =>
      process.env.WOLFPACK_BENCH === '1'
        ? undefined
        : 'a benchmark: it runs with WOLFPACK_BENCH=1 (npm run bench -- --only live)',
  },
};

// The probes start processes (ip netns add …): each runs once per test file.
const unmetCache = new Map();

/** Why the named requirement is not met on this machine, or undefined when it is. */
export function unmetReason(name) {
  const requirement = requirements[name];
  if (!requirement)
    throw new Error(`unknown test requirement "${name}"; known: ${Object.keys(requirements).join(', ')}`);
  if (!unmetCache.has(name)) unmetCache.set(name, requirement.unmet());
  return unmetCache.get(name);
}

/**
 * The requirements WOLFPACK_REQUIRE names (comma-separated). An unknown name throws: a typo
 * would otherwise require nothing and let the suites it meant skip unnoticed.
 */
export function requiredFromEnvironment(env = process.env) {
  const names = (env.WOLFPACK_REQUIRE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(name in requirements));
  if (unknown.length > 0) {
    throw new Error(
      `WOLFPACK_REQUIRE names ${unknown.map((name) => `"${name}"`).join(', ')}, which no suite declares; known: ${Object.keys(requirements).join(', ')}`,
    );
  }
  return names;
}

/** The Debian packages of every requirement, each with why a test needs it (for scripts/setup.mjs). */
export function debianPackagesForTests() {
  return Object.entries(requirements).flatMap(([name, requirement]) =>
    requirement.debianPackages.map((debian) => ({
      ...debian,
      why: `the "${name}" test suites need ${requirement.description}`,
    })),
  );
}
