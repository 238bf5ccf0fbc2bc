#!/usr/bin/env node
// The Wolfpack server process (dist/server.mjs): REST API, live state and console over the
// cluster store: etcd (--etcd / WOLFPACK_ETCD), else the embedded one in WOLFPACK_DATA_DIR.
// `npm start` runs it beside the node agents.
import { mkdirSync } from 'node:fs';
import { openClusterStore } from '@wolfpack/store-connection';
import { buildApp } from './app.ts';
import { readServerConfig } from './config.ts';
import { advertiseApiServer, bootstrapAdmin } from './users/index.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

let config;
try {
  config = readServerConfig();
} catch (error) {
  process.stderr.write(`wolfpack server: ${(error as Error).message}\n`);
  process.exit(2);
}

mkdirSync(config.dataDir, { recursive: true });
const store = await openClusterStore({ ...config.store, dataDir: config.dataDir });
const admin = await bootstrapAdmin(store, config.adminPassword);
if (admin.created) {
  print(
    admin.generatedPassword
      ? `Created user ${admin.username} with password ${admin.generatedPassword} (shown this once; set WOLFPACK_ADMIN_PASSWORD to choose it)`
      : `Created user ${admin.username} with the password in WOLFPACK_ADMIN_PASSWORD`,
  );
}

const app = await buildApp({
  store,
  dataDir: config.dataDir,
  loginAttemptsPerMinute: config.loginAttemptsPerMinute,
  rateLimits: config.rateLimits,
  timeouts: config.timeouts,
  ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
  allowedOrigins: config.allowedOrigins,
  ...(config.tls ? { tls: config.tls } : {}),
  logger: { level: process.env.WOLFPACK_LOG_LEVEL ?? 'warn' },
});
try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  process.stderr.write(
    `wolfpack server: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`,
  );
  // The app first: its followers would report the closed store as a failure.
  await app.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  process.exit(1);
}
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const origin = `${config.tls ? 'https' : 'http'}://${host}:${port}`;
// The CLI's default URL needs no flag; any other address is spelled out for copying.
const shell = origin === 'http://127.0.0.1:8080' ? 'npx wolfpack login' : `npx wolfpack login --url ${origin}`;
print(`Console: ${origin}/   API docs: /api/v1/docs   Shell: ${shell}`);
// Nodes give this address to the resources they bring online (WOLFPACK_URL).
const advertisement = await advertiseApiServer(store, config.publicUrl ?? origin, (error) =>
  process.stderr.write(`wolfpack server: advertising ${origin}: ${error.message}\n`),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await advertisement.stop().catch(() => undefined);
  // Closing the app writes the refusals counted this minute (the audit plugin's onClose).
  await app.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
