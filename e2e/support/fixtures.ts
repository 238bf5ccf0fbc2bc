import { test as base } from '@playwright/test';
import type { WolfpackClient } from '@wolfpack/client';
import type { ClusterInfo } from '@wolfpack/testing/seed-cluster';
import { signIn, users } from './users.ts';

/** The cluster global-setup.ts started (E2E_CLUSTER, set before workers start). */
export function clusterInfo(): ClusterInfo {
  const text = process.env.E2E_CLUSTER;
  if (!text)
    throw new Error(
      'E2E_CLUSTER is not set: run the tests with `npx playwright test -c e2e` so global-setup.ts starts the cluster',
    );
  return JSON.parse(text) as ClusterInfo;
}

interface WorkerFixtures {
  cluster: ClusterInfo;
  /** @wolfpack/client signed in as admin: setting up, and checking what the server holds. */
  adminClient: WolfpackClient;
}

/** Playwright's test with the cluster, the admin's client and the console as baseURL. */
export const test = base.extend<object, WorkerFixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures used from it; {} says none
  cluster: [async ({}, use) => use(clusterInfo()), { scope: 'worker' }],
  adminClient: [async ({ cluster }, use) => use(await signIn(cluster.consoleUrl, users.admin)), { scope: 'worker' }],
  baseURL: async ({ cluster }, use) => use(cluster.consoleUrl),
});

export { expect } from '@playwright/test';
