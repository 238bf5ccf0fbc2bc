import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/test/**/*.test.ts', 'apps/**/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    // Browser-side tests (console, admin SDK) run in their own process: vitest.dom.config.ts.
    exclude: ['**/node_modules/**', '**/dist/**', 'apps/console/test/**', 'packages/admin-sdk/test/**'],
    // Cluster tests start real processes and ports: keep files from fighting over 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
    // A left-over .only would quietly skip the rest of its file: refused, on CI or not.
    allowOnly: false,
  },
});
