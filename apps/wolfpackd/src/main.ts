#!/usr/bin/env node
// wolfpackd: the node agent (MSCS cluster service) for one node. Thin: it parses the
// command line and wires packages/engine together; all behaviour lives there.
import { parseArgs } from 'node:util';
import { runNodeDaemon } from './daemon.ts';

const { values } = parseArgs({
  options: {
    node: { type: 'string' },
    'data-dir': { type: 'string', default: process.env.WOLFPACK_DATA_DIR ?? './data' },
    'lease-ttl-ms': { type: 'string' },
    'no-manager': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.node) {
  process.stderr.write(
    'usage: wolfpackd --node NAME [--data-dir DIR] [--lease-ttl-ms MS] [--no-manager]\n' +
      '  Runs the node agent for NAME on the embedded cluster store in DIR (default ./data).\n',
  );
  process.exit(values.help ? 0 : 2);
}

await runNodeDaemon({
  node: values.node,
  dataDir: values['data-dir'] as string,
  leaseTtlMs: values['lease-ttl-ms'] ? Number(values['lease-ttl-ms']) : undefined,
  manager: !values['no-manager'],
});
