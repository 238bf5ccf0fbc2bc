// `npm run bench`: set up the machine (npm packages, Debian packages, bundles), then run
// the failover benchmarks (bench/dist/failover-bench.mjs), passing our arguments on:
//   npm run bench -- --runs 10 --only move
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

await setup();
const bench = spawn(process.execPath, [join(root, 'bench', 'dist', 'failover-bench.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
// The benchmark stops its clusters on SIGINT/SIGTERM; pass ours on and leave with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => bench.kill(signal));
bench.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
