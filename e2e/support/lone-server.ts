import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repositoryRoot } from '@wolfpack/testing/repository';

/*
 * The server alone (apps/server/dist/server.mjs) over a store a test wrote: the REST API,
 * the live stream and the console, with no node agents changing anything underneath.
 */

export interface LoneServer {
  consoleUrl: string;
  output: string[];
  /** SIGTERM, and wait until it has exited. */
  stop(): Promise<void>;
}

/** Starts the server on `dataDir` (PORT 0) and resolves once it prints the console's address. */
export async function startLoneServer(dataDir: string, adminPassword: string, timeoutMs = 30_000): Promise<LoneServer> {
  const output: string[] = [];
  const server = spawn(process.execPath, [join(repositoryRoot, 'apps/server/dist/server.mjs')], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      WOLFPACK_ADMIN_PASSWORD: adminPassword,
      WOLFPACK_LOGIN_ATTEMPTS: '10000',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let consoleUrl: string | undefined;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      consoleUrl ??= /Console: (https?:\/\/\S+)/.exec(line)?.[1];
    }
  };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const done = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      if (!done) server.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (consoleUrl === undefined) {
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not print its console address:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { consoleUrl, output, stop };
}
