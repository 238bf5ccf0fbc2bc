import type { LiveFeed, WolfpackClient } from '@wolfpack/client';
import { liveEvents, type LiveRevoked } from '@wolfpack/contracts';
import { afterEach } from 'vitest';
import { admin, server, useSignedInServer } from '../harness/signed-in-server.ts';
import { LiveClient } from './live-client.ts';

/*
 * The testbed of /live on the whole server (live-auth.test.ts, live-admission.test.ts):
 * a real store with sign-in, sessions and tokens, one server per test file
 * (https://console.example.com an allowed origin), and the admin signed in.
 */

export { admin, adminPassword, server, storeDir } from '../harness/signed-in-server.ts';
export const userPassword = 'user password 1';

let counter = 0;
export const clients: LiveClient[] = [];
export const feeds: LiveFeed[] = [];

/** A fresh user of `role`, signed in by cookie. */
export async function freshUser(
  role: 'viewer' | 'operator' | 'admin' = 'viewer',
): Promise<{ username: string; client: WolfpackClient }> {
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

export async function watch(credentials: {
  cookie?: string;
  token?: string;
  origin?: string;
  url?: string;
}): Promise<Watched> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  const live = new LiveClient(credentials.url ?? server.url, {
    token: credentials.token ?? '',
    extraHeaders: headers,
    plain: true,
  });
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
  useSignedInServer({ allowedOrigins: ['https://console.example.com'] });

  afterEach(() => {
    for (const live of clients.splice(0)) live.close();
    for (const feed of feeds.splice(0)) feed.close();
  });
}
