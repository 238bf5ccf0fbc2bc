// Makes a fresh checkout runnable: npm packages, Debian packages, bundles.
// Used by `npm start` and `npm test`, so the README's two commands need nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Plain JavaScript with no dependencies: readable before npm install has run.
import { debianPackagesForTests, has } from '../packages/test-requirements/src/requirements.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages the cluster or its tests use, by the command that shows they are there. */
const debianPackages = [
  { command: 'dig', pkg: 'bind9-dnsutils', why: 'tests resolve network names with dig' },
  { command: 'setpriv', pkg: 'util-linux', why: 'resource processes die with their node agent' },
  { command: 'ip', pkg: 'iproute2', why: 'the IP Address resource' },
  { command: 'nc', pkg: 'netcat-openbsd', why: "the README's chat client" },
  { command: 'arping', pkg: 'iputils-arping', why: 'a moved IP Address is announced on its network' },
  { command: 'etcd', pkg: 'etcd-server', why: "the etcd store's tests and cluster:local run real etcd members" },
  { command: 'etcdctl', pkg: 'etcd-client', why: 'inspecting an etcd cluster' },
  { command: 'chromium', pkg: 'chromium', why: "the console's end-to-end tests (Playwright) drive Debian's chromium" },
  // Not on the PATH: `command -v` takes the agent's absolute path.
  {
    command: '/usr/lib/ocf/resource.d/heartbeat/Dummy',
    pkg: 'resource-agents',
    why: "the OCF Resource Agent type runs Pacemaker's agents from /usr/lib/ocf",
  },
];

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

export function ensureNpmPackages() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale && existsSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')))
    return;
  log('installing npm packages (npm install)');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

/**
 * Installs the missing ones of `packages` with apt-get (as root; otherwise says what is
 * missing). With bestEffort, a failed install is reported and setup goes on.
 */
export function ensureDebianPackages(packages, { bestEffort = false } = {}) {
  const missing = packages.filter((p) => !has(p.command));
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((p) => p.pkg))];
  if (process.getuid?.() !== 0) {
    log(
      `missing Debian packages: ${names.join(' ')} (${missing.map((p) => p.why).join('; ')}); install them with apt-get`,
    );
    return;
  }
  log(`installing Debian packages: ${names.join(' ')}`);
  try {
    execFileSync(
      'sh',
      ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names.join(' ')}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  } catch (error) {
    if (!bestEffort) throw error;
    log(
      `could not install ${names.join(' ')} (${error.message.split('\n')[0]}); the test suites that need them will skip, and fail if WOLFPACK_REQUIRE names them`,
    );
  }
}

export async function build() {
  const { buildAll } = await import('./build.mjs');
  await buildAll();
  // Resource type panels: Vite library builds against the admin SDK (skipped when up to date).
  const { buildPanels } = await import('@wolfpack/admin-sdk/build-panels');
  await buildPanels({ root });
  // The console: a Vite build, skipped when dist is newer than its sources.
  const { buildConsole } = await import('@wolfpack/console/build');
  await buildConsole();
}

/**
 * npm packages, Debian packages, bundles. `forTests` also installs what the test suites'
 * requirements need (docker-compose, openssl, …; packages/test-requirements), so that every
 * suite can run and none installs anything while it loads. Best effort: a suite whose
 * package could not be installed skips with its reason, and WOLFPACK_REQUIRE decides
 * whether that fails the run.
 */
export async function setup({ forTests = false } = {}) {
  ensureNpmPackages();
  ensureDebianPackages(debianPackages);
  if (forTests) ensureDebianPackages(debianPackagesForTests(), { bestEffort: true });
  await build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await setup();
