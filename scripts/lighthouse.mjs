// Lighthouse (12.2.3, in Debian's chromium) against the console of a real `npm start`:
// prints the performance and best-practices scores, first paint, the script the login page
// loads, and whatever the browser logged. `npm run lighthouse` runs npm start in a process
// group of its own (a temp data dir, a free port, a seed address of its own) and stops it
// with Ctrl-C's SIGINT; `-- --url URL` measures a server already running instead.
//   npm run lighthouse -- --runs 3 [--desktop] [--json FILE] [--url http://127.0.0.1:8080/]
// Lighthouse itself comes through npx (the npm registry), not as a dependency: it is large
// and only this script uses it. Its scores vary from run to run: the median of --runs is printed.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const lighthouseVersion = '12.2.3';
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
// As root in a container, on a closed network (docs: the machine notes).
const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '3' },
    desktop: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs ${values.runs}: must be a whole number of at least 1\n`);
  process.exit(2);
}

const log = (message) => process.stderr.write(`[lighthouse] ${message}\n`);

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` in a process group of its own; resolves once SOCKET_GROUP is Online. */
async function startCluster() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-lighthouse-'));
  const port = await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      PORT: String(port),
      WOLFPACK_SEED_ADDRESS: `127.0.0.${200 + Math.floor(Math.random() * 50)}`,
      WOLFPACK_SEED_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
      WOLFPACK_DNS_PORT: String(40_000 + Math.floor(Math.random() * 20_000)),
    },
  });
  const output = [];
  const collect = (chunk) => output.push(...chunk.toString().split('\n').filter(Boolean));
  npm.stdout.on('data', collect);
  npm.stderr.on('data', collect);
  const stop = async () => {
    try {
      process.kill(-npm.pid, 'SIGINT');
    } catch {
      // already gone
    }
    const until = Date.now() + 20_000;
    while (npm.exitCode === null && npm.signalCode === null && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // the group has ended
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Ctrl+C reaches only this process (the cluster has a process group of its own), so
  // stop the cluster before ending, or it would outlive the script.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  const until = Date.now() + 180_000;
  while (!output.some((line) => /group SOCKET_GROUP is Online/.test(line))) {
    if (npm.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`npm start did not bring SOCKET_GROUP Online:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}/`, stop };
}

/** One Lighthouse run; resolves to its JSON report. */
function lighthouse(url, outputPath) {
  const args = [
    '--yes',
    `lighthouse@${lighthouseVersion}`,
    url,
    '--output=json',
    `--output-path=${outputPath}`,
    '--only-categories=performance,best-practices',
    `--chrome-flags=${chromeFlags.join(' ')}`,
    '--quiet',
    ...(values.desktop ? ['--preset=desktop'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CHROME_PATH: chromePath },
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(readFileSync(outputPath, 'utf8')))
        : reject(new Error(`lighthouse exited ${code}`)),
    );
  });
}

/** What one report says, in the figures this script prints. */
function figures(report) {
  const audit = (id) => report.audits[id];
  const scripts = (audit('network-requests')?.details?.items ?? []).filter((item) => item.resourceType === 'Script');
  return {
    performance: report.categories.performance.score,
    bestPractices: report.categories['best-practices'].score,
    firstContentfulPaintMs: Math.round(audit('first-contentful-paint').numericValue),
    largestContentfulPaintMs: Math.round(audit('largest-contentful-paint').numericValue),
    totalBlockingTimeMs: Math.round(audit('total-blocking-time').numericValue),
    scriptTransferKB: Math.round(scripts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0) / 1024),
    consoleErrors: (audit('errors-in-console')?.details?.items ?? []).map((item) => item.description),
    failedAudits: report.categories['best-practices'].auditRefs
      .filter((ref) => ref.weight > 0 && (audit(ref.id)?.score ?? 1) < 1)
      .map((ref) => ref.id),
  };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];

const cluster = values.url ? { url: values.url, stop: async () => undefined } : await startCluster();
const scratch = mkdtempSync(join(tmpdir(), 'wolfpack-lighthouse-report-'));
// Gone however the script ends (a Ctrl+C exits from its handler, past the finally below).
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
const results = [];
try {
  log(
    `${cluster.url}: ${runs} run(s), ${values.desktop ? 'desktop' : 'mobile (default)'} preset, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  for (let run = 0; run < runs; run++) {
    const outputPath = join(scratch, `run-${run}.json`);
    // Chromium now and then fails to start on a loaded machine: one more try, said aloud.
    const report = await lighthouse(cluster.url, outputPath).catch((error) => {
      log(`run ${run + 1}: ${error.message}; trying once more`);
      return lighthouse(cluster.url, outputPath);
    });
    const result = figures(report);
    results.push(result);
    log(`run ${run + 1}: ${JSON.stringify(result)}`);
  }
} finally {
  await cluster.stop();
  rmSync(scratch, { recursive: true, force: true });
}
const summary = {
  lighthouse: lighthouseVersion,
  preset: values.desktop ? 'desktop' : 'mobile',
  runs,
  performance: median(results.map((result) => result.performance)),
  bestPractices: median(results.map((result) => result.bestPractices)),
  firstContentfulPaintMs: median(results.map((result) => result.firstContentfulPaintMs)),
  largestContentfulPaintMs: median(results.map((result) => result.largestContentfulPaintMs)),
  totalBlockingTimeMs: median(results.map((result) => result.totalBlockingTimeMs)),
  scriptTransferKB: median(results.map((result) => result.scriptTransferKB)),
  consoleErrors: [...new Set(results.flatMap((result) => result.consoleErrors))],
  failedBestPractices: [...new Set(results.flatMap((result) => result.failedAudits))],
};
process.stdout.write(
  `performance ${summary.performance}  best practices ${summary.bestPractices}  first contentful paint ${summary.firstContentfulPaintMs} ms  largest ${summary.largestContentfulPaintMs} ms  total blocking ${summary.totalBlockingTimeMs} ms  script ${summary.scriptTransferKB} KB transferred  (median of ${runs}, ${summary.preset})\n`,
);
if (summary.consoleErrors.length > 0) process.stdout.write(`console errors: ${summary.consoleErrors.join(' | ')}\n`);
if (summary.failedBestPractices.length > 0)
  process.stdout.write(`best-practices audits not passed: ${summary.failedBestPractices.join(', ')}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ summary, results }, null, 2)}\n`);
