import { connect, createClient, type WolfpackClient } from '@wolfpack/client';
import { startEmbeddedCluster, type EmbeddedCluster } from './embedded-cluster.ts';

/*
 * `npm start` as a person runs it: the launcher with its node agents and the server
 * process it starts, on a fresh data dir, the server on a free port (PORT=0; its
 * "Console: <url>" line says which). Tests talk to that server process through
 * @wolfpack/client.
 */

export const adminPassword = 'correct horse battery';

export interface ServerCluster {
  cluster: EmbeddedCluster;
  url: string;
  /** Not signed in. */
  anonymous: WolfpackClient;
  /** Signed in as admin (session cookie + CSRF token). */
  admin: WolfpackClient;
  /** A client signed in as this user. */
  signIn(username: string, password: string): Promise<WolfpackClient>;
  stop(): Promise<void>;
}

/** Starts the launcher (cluster + server process) and signs in as admin. */
export async function startServerCluster(env: Record<string, string> = {}): Promise<ServerCluster> {
  const cluster = await startEmbeddedCluster({
    PORT: '0',
    HOST: '127.0.0.1',
    WOLFPACK_ADMIN_PASSWORD: adminPassword,
    WOLFPACK_LOGIN_ATTEMPTS: '1000',
    ...env,
  });
  try {
    const url = await consoleUrl(cluster);
    const signIn = (username: string, password: string) => connect({ url, username, password });
    return {
      cluster,
      url,
      anonymous: createClient({ url }),
      admin: await signIn('admin', adminPassword),
      signIn,
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Waits for the server's "Console: http://…/" line in the launcher's output. */
async function consoleUrl(cluster: EmbeddedCluster, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const line of cluster.output) {
      const match = /Console: (https?:\/\/\S+?)\/?\s/.exec(`${line} `);
      if (match) return match[1]!;
    }
    if (Date.now() > until)
      throw new Error(`the server printed no console URL:\n${cluster.output.slice(-40).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
