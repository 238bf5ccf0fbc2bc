// `npm run bench`: set up the machine (npm packages, Debian packages, bundles), then run
// the failover benchmarks (bench/dist/failover-bench.mjs), passing our arguments on, and
// the server's live-stream benchmark (apps/server/test/live/live-latency.bench.test.ts):
//   npm run bench -- --runs 10 --only move      npm run bench -- --only live
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

// `--only` may repeat and hold lists (`--only move,live`); "live" is ours, the rest go on.
const args = [];
const only = [];
const given = process.argv.slice(2);
for (let i = 0; i < given.length; i++) {
  if (given[i] === '--only' && i + 1 < given.length) only.push(...given[++i].split(',').filter(Boolean));
  else args.push(given[i]);
}
const failoverOnly = only.filter((name) => name !== 'live');
const runLive = (only.length === 0 || only.includes('live')) && !args.includes('--etcd') && !args.includes('--help');
const runFailover = only.length === 0 || failoverOnly.length > 0;
if (failoverOnly.length > 0) args.push('--only', failoverOnly.join(','));

// npm test's smoke run has set the machine up already.
if (process.env.WOLFPACK_SETUP_DONE !== '1') await setup();

let current;
// The benchmarks stop their clusters on SIGINT/SIGTERM; pass ours on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => current?.kill(signal));

const run = (command, commandArgs, env = {}) =>
  new Promise((resolve) => {
    current = spawn(command, commandArgs, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

let status = 0;
if (runFailover) status = await run(process.execPath, [join(root, 'bench', 'dist', 'failover-bench.mjs'), ...args]);
if (runLive && status === 0) {
  // Store change → socket.io client, snapshot build and size at 1000 groups, server RSS.
  status = await run('npx', ['vitest', 'run', 'apps/server/test/live/live-latency.bench.test.ts'], {
    WOLFPACK_BENCH: '1',
  });
}
process.exit(status);
