#!/usr/bin/env node
// wolfpack-seed: writes the seed scenario (INS_CLUS, three nodes, SOCKET_GROUP with the chat
// server) into an empty cluster store, once; on a seeded store it changes nothing. The
// step before the wolfpackd of an etcd cluster start (cluster:local, docker-compose.yml).
import { parseArgs } from 'node:util';
import { builtInTypeEntries } from '@wolfpack/built-in-types';
import { createCatalog } from '@wolfpack/engine';
import type { ClusterStore } from '@wolfpack/store';
import {
  describeStore,
  openClusterStore,
  storeCommandLineOptions,
  storeCommandLineUsage,
  storeSettingsFromValues,
} from '@wolfpack/store-connection';
import { seedLocalCluster } from './local-seed.ts';
import { seedLeaseTtlMs } from './topology.ts';

const usage =
  'usage: wolfpack-seed --etcd URL[,URL...] [--shared-dir DIR] [--chat-address A] [--chat-port P]\n' +
  '                     [--chat-interface IF] [--dns-port P] [--lease-ttl-ms MS] [--wait-ms MS]\n' +
  '  Seeds an empty cluster store; a seeded one is left as it is. Waits up to --wait-ms\n' +
  '  (default 60000) for the store to answer. Without --etcd: the embedded store in --data-dir.\n' +
  "  --shared-dir DIR      folder every node reaches; the group's disk is DIR/disks/SOCKET_GROUP\n" +
  '  Defaults as npm start: WOLFPACK_SEED_ADDRESS (127.0.0.84), WOLFPACK_SEED_PORT (7000),\n' +
  '  WOLFPACK_DNS_PORT (5354), WOLFPACK_LEASE_TTL_MS (1000); interface lo.\n' +
  `${storeCommandLineUsage}\n`;

const fail = (message: string): never => {
  process.stderr.write(`wolfpack-seed: ${message}\n${usage}`);
  process.exit(2);
};

const { values } = parseArgs({
  options: {
    'shared-dir': { type: 'string', default: process.env.WOLFPACK_DATA_DIR ?? './data' },
    'data-dir': { type: 'string', default: process.env.WOLFPACK_DATA_DIR ?? './data' },
    'chat-address': { type: 'string', default: process.env.WOLFPACK_SEED_ADDRESS ?? '127.0.0.84' },
    'chat-port': { type: 'string', default: process.env.WOLFPACK_SEED_PORT ?? '7000' },
    'chat-interface': { type: 'string', default: 'lo' },
    'dns-port': { type: 'string', default: process.env.WOLFPACK_DNS_PORT ?? '5354' },
    'lease-ttl-ms': { type: 'string', default: process.env.WOLFPACK_LEASE_TTL_MS ?? String(seedLeaseTtlMs) },
    'wait-ms': { type: 'string', default: '60000' },
    help: { type: 'boolean', default: false },
    ...storeCommandLineOptions,
  },
});
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const whole = (flag: 'chat-port' | 'dns-port' | 'lease-ttl-ms' | 'wait-ms', min: number, max: number): number => {
  const text = values[flag] as string;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`--${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
};

let settings;
try {
  settings = { ...storeSettingsFromValues(values), dataDir: values['data-dir'] as string };
} catch (error) {
  fail((error as Error).message);
}
const seed = {
  sharedDir: values['shared-dir'] as string,
  chatAddress: values['chat-address'] as string,
  chatPort: whole('chat-port', 1, 65535),
  chatInterface: values['chat-interface'] as string,
  dnsPort: whole('dns-port', 1, 65535),
  leaseTtlMs: whole('lease-ttl-ms', 1, 3_600_000),
};
const waitMs = whole('wait-ms', 0, 3_600_000);

// etcd members may still be starting (containers come up in any order): retry until they answer.
const deadline = Date.now() + waitMs;
let store: ClusterStore | undefined;
for (let attempt = 1; !store; attempt++) {
  try {
    store = await openClusterStore(settings!);
  } catch (error) {
    if (Date.now() >= deadline) {
      process.stderr.write(`wolfpack-seed: cannot reach ${describeStore(settings!)}: ${(error as Error).message}\n`);
      process.exit(1);
    }
    if (attempt === 1) process.stdout.write(`wolfpack-seed: waiting for ${describeStore(settings!)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

try {
  const seeded = await seedLocalCluster(store, createCatalog(builtInTypeEntries()), seed);
  process.stdout.write(
    seeded
      ? `wolfpack-seed: seeded INS_CLUS in ${describeStore(settings!)} (chat ${seed.chatAddress}:${seed.chatPort} on ${seed.chatInterface})\n`
      : `wolfpack-seed: ${describeStore(settings!)} already holds a cluster; left as it is\n`,
  );
} catch (error) {
  process.stderr.write(`wolfpack-seed: seeding failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await store.close().catch(() => undefined);
}
