import type { LiveFeed, WolfpackClient } from '@wolfpack/client';
import { liveEvents, type LiveRevoked } from '@wolfpack/contracts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openStoreDir, startServer, type RunningServer, type StoreDir } from '../harness/in-process.ts';
import { LiveClient } from './live-client.ts';

/*
 * The testbed of /live on the whole server (live-auth.test.ts, live-admission.test.ts):
 * a real store with sign-in, sessions and tokens, one server per test file (1000 sign-ins
 * a minute, https://console.example.com an allowed origin), and the admin signed in.
 */

export const adminPassword = 'admin password 1';
export const userPassword = 'user password 1';

export let storeDir: StoreDir;
export let server: RunningServer;
export let admin: WolfpackClient;
let counter = 0;
export const clients: LiveClient[] = [];
export const feeds: LiveFeed[] = [];

/** A fresh user of `role`, signed in by cookie. */
export async function freshUser(role: 'viewer' | 'operator' | 'admin' = 'viewer'): Promise<{ username: string; client: WolfpackClient }> {
  const username = `live_user_${++counter}`;
  await admin.users.create({ username, password: userPassword, role });
  return { username, client: await server.signIn(username, userPassword) };
}

/** A bare /live client that records `revoked` and when it was disconnected. */
export interface Watched {
  live: LiveClient;
  revoked: LiveRevoked[];
  /** Resolves with the time (Date.now()) of the disconnect. */
  disconnected: Promise<number>;
}

export async function watch(credentials: { cookie?: string; token?: string; origin?: string; url?: string }): Promise<Watched> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  const live = new LiveClient(credentials.url ?? server.url, { token: credentials.token ?? '', extraHeaders: headers, plain: true });
  clients.push(live);
  const revoked: LiveRevoked[] = [];
  live.socket.on(liveEvents.revoked, (message) => revoked.push(message));
  const disconnected = new Promise<number>((resolve) => live.socket.on('disconnect', () => resolve(Date.now())));
  await live.connect();
  await live.waitForSnapshot();
  return { live, revoked, disconnected };
}

/** Registers the hooks: the store and server before the file's tests, clients closed after each. */
export function useLiveAuthTestbed(): void {
  beforeAll(async () => {
    storeDir = await openStoreDir(adminPassword);
    server = await startServer(storeDir, { loginAttemptsPerMinute: 1000, allowedOrigins: ['https://console.example.com'] });
    admin = await server.signIn('admin', adminPassword);
  });

  afterEach(() => {
    for (const live of clients.splice(0)) live.close();
    for (const feed of feeds.splice(0)) feed.close();
  });

  afterAll(async () => {
    await server?.close();
    await storeDir?.remove();
  });
}
