import { defineConfig } from 'vitest/config';

// The console's and the admin SDK's tests (happy-dom), run in a vitest process of their own:
// mixed into one run with the node tests, a fresh checkout's first run failed to load some
// of them ("No such built-in module: node:").
export default defineConfig({
  test: {
    include: ['apps/console/test/**/*.test.ts', 'packages/admin-sdk/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC' },
  },
});
