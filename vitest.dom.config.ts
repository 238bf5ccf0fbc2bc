import { defineConfig } from 'vitest/config';

// The console's and the admin SDK's tests (many under happy-dom), in a vitest process of
// their own, apart from the node tests that start clusters: `npm test` runs both.
export default defineConfig({
  test: {
    include: ['apps/console/test/**/*.test.ts', 'packages/admin-sdk/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
    // A left-over .only would quietly skip the rest of its file: refused, on CI or not.
    allowOnly: false,
  },
});
