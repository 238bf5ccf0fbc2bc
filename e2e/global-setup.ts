import { execFileSync } from 'node:child_process';
import type { FullConfig } from '@playwright/test';
import { repositoryRoot } from '@wolfpack/testing/repository';
import { startSeedCluster, type ClusterInfo } from '@wolfpack/testing/seed-cluster';
import { signIn, users } from './support/users.ts';

/*
 * Once per run: the bundles and the console built (unless `npm test`'s setup just did),
 * then one real `npm start` cluster for every test, with a viewer and an operator made
 * through the REST API. Workers read the cluster from E2E_CLUSTER. The returned function
 * stops it (Playwright calls it after the last test).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (process.env.WOLFPACK_SETUP_DONE !== '1') {
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "await (await import('./scripts/setup.mjs')).build()"],
      { cwd: repositoryRoot, stdio: 'inherit' },
    );
  }
  const cluster = await startSeedCluster({ adminPassword: users.admin.password });
  try {
    const admin = await signIn(cluster.consoleUrl, users.admin);
    for (const user of [users.operator, users.viewer]) {
      await admin.users.create({ username: user.name, password: user.password, role: user.role });
    }
    await admin.session.logout();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  const info: ClusterInfo = {
    dataDir: cluster.dataDir,
    consoleUrl: cluster.consoleUrl,
    chatAddress: cluster.chatAddress,
    chatPort: cluster.chatPort,
    dnsPort: cluster.dnsPort,
    launcherPid: cluster.launcherPid,
    adminPassword: cluster.adminPassword,
  };
  process.env.E2E_CLUSTER = JSON.stringify(info);
  process.stderr.write(
    `[e2e] cluster INS_CLUS on ${cluster.consoleUrl} (data ${cluster.dataDir}, chat ${cluster.chatAddress}:${cluster.chatPort})\n`,
  );
  return async () => {
    await cluster.stop();
  };
}
