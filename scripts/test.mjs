// `npm test`: sets up a fresh machine, then runs every test runner and ends with one
// line "N passed, N failed" summing them all (what .ci/run reports).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

await setup();
// The console's Vite build (in setup) sets NODE_ENV=production in this process; tests must
// not inherit it (under it vitest cannot load node: modules in happy-dom test files).
process.env.NODE_ENV = 'test';

const reports = join(root, '.tmp', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const extraArgs = process.argv.slice(2);

/** A vitest run with its own config, counted from its JSON report. */
function vitestRunner(name, config) {
  const file = join(reports, `${name}.json`);
  return {
    name,
    command: 'npx',
    args: ['vitest', 'run', '-c', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...extraArgs],
    count: () => {
      if (!existsSync(file)) return undefined;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) };
    },
  };
}
const runners = [
  {
    // The whole tree must type-check (TypeScript strict): counted as one test.
    name: 'typecheck',
    command: 'npx',
    args: ['tsc', '-p', 'tsconfig.json', '--noEmit'],
    count: (status) => (status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }),
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
      const file = join(reports, 'playwright.json');
      if (!existsSync(file)) return undefined;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      // Errors outside tests (global setup, a file that does not load) count as failures too.
      return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected + (report.errors?.length ?? 0) };
    },
  },
];

let passed = 0;
let failed = 0;
for (const runner of runners) {
  const result = spawnSync(runner.command, runner.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...runner.env } });
  const counts = runner.count(result.status);
  if (counts === undefined) {
    process.stderr.write(`[test] ${runner.name} produced no report (exit ${result.status}); counted as 1 failure\n`);
    failed += 1;
    continue;
  }
  passed += counts.passed;
  failed += counts.failed;
  if (result.status !== 0 && counts.failed === 0) failed += 1; // a runner that crashed outside a test
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
