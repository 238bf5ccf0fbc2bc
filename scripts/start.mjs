// `npm start`: set up a fresh machine if needed, then run the embedded cluster.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

await setup();
const launcher = spawn(process.execPath, [join(root, 'apps', 'launcher', 'dist', 'launcher.mjs')], {
  stdio: 'inherit',
});
// The launcher stops its nodes on SIGINT/SIGTERM; pass ours on and leave with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => launcher.kill(signal));
launcher.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
