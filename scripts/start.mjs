// `npm start`: set up a fresh machine if needed, then run the embedded cluster.
//
// The setup (npm install, esbuild, Vite) runs in a process of its own: when it ends, its
// memory ends with it (esbuild's service alone holds some 450 MB). This process loads
// nothing of it, and then becomes the launcher, so `npm start` is npm, its shell and the
// cluster's own processes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

const setup = spawn(process.execPath, [join(root, 'scripts', 'setup.mjs')], { stdio: 'inherit' });
// Ctrl-C reaches the setup from the terminal; a signal sent to this process alone is passed on.
const forward = (signal) => setup.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
const [code, signal] = await new Promise((resolve) => setup.on('exit', (...ended) => resolve(ended)));
for (const name of ['SIGINT', 'SIGTERM']) process.off(name, forward);
if (code !== 0) process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));

// The launcher installs its own SIGINT/SIGTERM handlers: they stop its nodes and server.
await import(pathToFileURL(join(root, 'apps', 'launcher', 'dist', 'launcher.mjs')).href);
