// `npm test`: sets up a fresh machine, then runs every test runner and ends with one line
// "N passed, N failed, N skipped" summing them all (what .ci/run reports), after one line per
// skipped suite with its reason and per failure (scripts/test-counts.mjs).
// WOLFPACK_REQUIRE=etcd,netns,… names the requirements that must be met here: a suite that
// needs one of them and skips counts as failed (packages/test-requirements).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requiredFromEnvironment } from '../packages/test-requirements/src/requirements.mjs';
import { root, setup } from './setup.mjs';
import {
  addTally,
  closingLines,
  countLint,
  countPlaywright,
  countVitest,
  emptyTally,
  oneFailure,
} from './test-counts.mjs';

/** Prints the skip and failure lines and the closing line, and exits. */
function finish(tally) {
  for (const line of closingLines(tally)) console.log(line);
  process.exit(tally.failed === 0 ? 0 : 1);
}

// A bad WOLFPACK_REQUIRE or a setup that broke still ends with the counts: CI reads that line.
let required;
try {
  required = requiredFromEnvironment(process.env);
} catch (error) {
  finish(oneFailure(error.message));
}
try {
  await setup({ forTests: true });
} catch (error) {
  finish(oneFailure(`setup: ${error.message.split('\n')[0]}`));
}
if (required.length > 0) process.stderr.write(`[test] required here (WOLFPACK_REQUIRE): ${required.join(', ')}\n`);
// The console's Vite build (in setup) sets NODE_ENV=production in this process; tests must
// not inherit it (under it vitest cannot load node: modules in happy-dom test files).
process.env.NODE_ENV = 'test';

const reports = join(root, '.tmp', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const extraArgs = process.argv.slice(2);

/** The runner's JSON report, or undefined when it wrote none. */
function readReport(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** A vitest run with its own config, counted from its JSON report. */
function vitestRunner(name, config) {
  const file = join(reports, `${name}.json`);
  return {
    name,
    command: 'npx',
    args: [
      'vitest',
      'run',
      '-c',
      config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
      ...extraArgs,
    ],
    count: () => {
      const report = readReport(file);
      return report && countVitest(report, { root, required });
    },
  };
}

const runners = [
  {
    // The whole tree must type-check (TypeScript strict): counted as one test.
    name: 'typecheck',
    command: 'npx',
    args: ['tsc', '-p', 'tsconfig.json', '--noEmit'],
    count: (status) =>
      status === 0 ? { ...emptyTally(), passed: 1 } : oneFailure("typecheck (tsc's errors are above)"),
  },
  {
    // `npm run lint`: Biome's format and lint checks (biome.jsonc) and the import-boundary rule
    // (scripts/import-boundaries.mjs), one test each; a failure names its first problems by file and line.
    name: 'lint',
    command: process.execPath,
    args: ['scripts/lint.mjs', '--report', join(reports, 'lint.json')],
    count: () => {
      const report = readReport(join(reports, 'lint.json'));
      return report && countLint(report);
    },
  },
  vitestRunner('vitest', 'vitest.config.ts'),
  vitestRunner('vitest-dom', 'vitest.dom.config.ts'),
  {
    // The console end to end: Playwright with Debian's chromium against a real `npm start` cluster (e2e/).
    name: 'playwright',
    command: 'npx',
    args: ['playwright', 'test', '-c', 'e2e/playwright.config.ts'],
    // setup() above has built everything: the e2e global setup need not build again.
    env: { WOLFPACK_SETUP_DONE: '1' },
    count: () => {
      const report = readReport(join(reports, 'playwright.json'));
      return report && countPlaywright(report, { testDir: 'e2e/tests' });
    },
  },
  {
    // The benchmarks as a smoke test, counted as one test: `npm run bench -- --quick` with 2
    // runs each (move, crash, node kill, the 4 × 100 scale point, cli, api, memory of a real
    // `npm start`, live stream) must finish, and fails when a benchmark throws or a scale
    // phase does not finish in 120 s (4 × 100 is all Online in 3–17 s: docs/benchmarks.md).
    // About 2–3 min. Not the etcd
    // benchmark (--etcd: ~30 s more, and it would fail, not skip, where etcd is missing):
    // cluster-local's tests time the same move, crash and node kill on etcd.
    name: 'bench',
    command: process.execPath,
    args: ['scripts/bench.mjs', '--quick', '--runs', '2', '--scale-timeout', '120'],
    env: { WOLFPACK_SETUP_DONE: '1' },
    count: (status) =>
      status === 0
        ? { ...emptyTally(), passed: 1 }
        : oneFailure(`bench smoke (npm run bench -- --quick --runs 2) exited with ${status}: its log is above`),
  },
];

/** Runs one runner and counts it; a runner that wrote no report, or crashed outside its tests, fails once. */
function run(runner) {
  const result = spawnSync(runner.command, runner.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...runner.env },
  });
  const tally = runner.count(result.status);
  if (tally === undefined) return oneFailure(`${runner.name} wrote no report (exit ${result.status})`);
  if (result.status !== 0 && tally.failed === 0)
    addTally(tally, oneFailure(`${runner.name} exited with ${result.status} though no test failed`));
  return tally;
}

const total = emptyTally();
for (const runner of runners) addTally(total, run(runner));
finish(total);
