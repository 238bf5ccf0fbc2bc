#!/usr/bin/env node
// wolfpackd: the node agent (MSCS cluster service) for one node. Thin: it parses the
// command line and wires packages/engine together; all behaviour lives there.
import { parseArgs } from 'node:util';
import {
  storeCommandLineOptions,
  storeCommandLineUsage,
  storeSettingsFromValues,
  type StoreSettings,
} from '@wolfpack/store-connection';
import { runNodeDaemon } from './daemon.ts';

const usage =
  'usage: wolfpackd --node NAME [--data-dir DIR] [--etcd URL[,URL...]] [--lease-ttl-ms MS] [--no-manager]\n' +
  '  Runs the node agent for NAME on the cluster store: etcd when --etcd (or WOLFPACK_ETCD)\n' +
  '  names its members, else the embedded store in DIR (default ./data).\n' +
  "  --lease-ttl-ms MS     node lease TTL, overriding the cluster record's nodeLeaseTtlMs\n" +
  '                        (on etcd, whole seconds: rounded up)\n' +
  `${storeCommandLineUsage}\n`;

let values;
let store: StoreSettings;
try {
  ({ values } = parseArgs({
    options: {
      node: { type: 'string' },
      'data-dir': { type: 'string', default: process.env.WOLFPACK_DATA_DIR ?? './data' },
      'lease-ttl-ms': { type: 'string' },
      'no-manager': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...storeCommandLineOptions,
    },
  }));
  store = storeSettingsFromValues(values);
} catch (error) {
  process.stderr.write(`wolfpackd: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}

if (values.help || !values.node) {
  process.stderr.write(usage);
  process.exit(values.help ? 0 : 2);
}

const leaseTtlMs = values['lease-ttl-ms'] === undefined ? undefined : Number(values['lease-ttl-ms']);
if (leaseTtlMs !== undefined && !(Number.isInteger(leaseTtlMs) && leaseTtlMs > 0)) {
  process.stderr.write(
    `wolfpackd: --lease-ttl-ms must be a whole number of milliseconds above 0, not "${values['lease-ttl-ms']}"\n`,
  );
  process.exit(2);
}

await runNodeDaemon({
  node: values.node,
  dataDir: values['data-dir'] as string,
  leaseTtlMs,
  manager: !values['no-manager'],
  store,
});
