import type { WolfpackClient } from '@wolfpack/client';
import { afterAll, beforeAll } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from './in-process.ts';

/*
 * One real store and one server built in this process per test file, with the admin
 * signed in (1000 sign-ins a minute, so tests are not rate-limited): what the session,
 * API token and /live authentication tests share.
 */

export const adminPassword = 'admin password 1';

export let storeDir: StoreDir;
export let server: RunningServer;
export let admin: WolfpackClient;

/** Registers the hooks (in the caller's describe, or its file): started before the tests, closed after them. */
export function useSignedInServer(options: Parameters<typeof startServer>[1] = {}): void {
  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    server = await startServer(storeDir, { loginAttemptsPerMinute: 1000, ...options });
    admin = await server.signIn('admin', adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });
}
