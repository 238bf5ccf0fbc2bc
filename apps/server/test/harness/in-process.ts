import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createClient, type WolfpackClient } from '@wolfpack/client';
import type { ClusterStore } from '@wolfpack/store';
import { openEmbeddedStore } from '@wolfpack/store-embedded';
import { buildApp, type AppOptions, type WolfpackApp } from '../../src/app.ts';
import { bootstrapAdmin } from '../../src/users/index.ts';

/*
 * The server built in this process (buildApp) on a real embedded store file, listening on
 * a random loopback port: for what needs no node agents (sessions, users, tokens) or
 * needs two servers on one store.
 */

export interface StoreDir {
  dataDir: string;
  store: ClusterStore;
  remove(): Promise<void>;
}

/** A fresh data dir with an embedded store whose first admin has `adminPassword`. */
export async function openStoreDir(adminPassword: string): Promise<StoreDir> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-server-'));
  const store = await openEmbeddedStore({ path: join(dataDir, 'cluster.db') });
  await bootstrapAdmin(store, adminPassword);
  return {
    dataDir,
    store,
    async remove() {
      await store.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  app: WolfpackApp;
  url: string;
  /** Not signed in. */
  anonymous: WolfpackClient;
  /** A client signed in as this user (its session cookie and CSRF token). */
  signIn(username: string, password: string): Promise<WolfpackClient>;
  close(): Promise<void>;
}

/** buildApp on the store, listening on 127.0.0.1 at a free port. */
export async function startServer(storeDir: StoreDir, options: Partial<AppOptions> = {}): Promise<RunningServer> {
  const app = await buildApp({ store: storeDir.store, dataDir: storeDir.dataDir, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    anonymous: createClient({ url }),
    signIn: (username, password) => connect({ url, username, password }),
    close: () => app.close(),
  };
}
