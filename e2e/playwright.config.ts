import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/*
 * The console's end-to-end tests: Debian's chromium (Playwright's own browser download is
 * not reachable here) against one real `npm start` cluster started by global-setup.ts.
 * Run: `npx playwright test -c e2e` (or `npm test`, which also counts them).
 */

const root = join(import.meta.dirname, '..');

export default defineConfig({
  testDir: join(import.meta.dirname, 'tests'),
  globalSetup: join(import.meta.dirname, 'global-setup.ts'),
  // One cluster, one browser at a time: the machine has two cores and the tests share the cluster.
  workers: 1,
  fullyParallel: false,
  // A left-over .only would quietly skip every other test: refused, on CI or not.
  forbidOnly: true,
  retries: 0,
  // Generous: a move or a restart on a loaded machine can take seconds. Tests wait on conditions.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  outputDir: join(root, '.tmp', 'playwright-results'),
  reporter: [['list'], ['json', { outputFile: join(root, '.tmp', 'reports', 'playwright.json') }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.WOLFPACK_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
