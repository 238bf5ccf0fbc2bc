import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  inheritedEnvironment,
  launchCommand,
  resourceUserOfNode,
  setprivPath,
  type ProcessUser,
} from '@wolfpack/resource-sdk';

/*
 * How an isolated module's child process is started (isolated-module.ts holds the
 * conversation with it): its program, its launch through setpriv as the resource user,
 * its bare environment, and the copy of the module file that user can read.
 */

/** The child's program: import the module once, then answer requests in order. */
const childProgram = `
import { Socket } from 'node:net';
const channel = new Socket({ fd: 3, readable: true, writable: true });
let module;
const reply = (message) => channel.write(JSON.stringify(message) + '\\n');
const why = (error) => (error instanceof Error ? error.message : String(error));
async function answer(request) {
  reply({ id: request.id, started: true });
  if (request.kind === 'import') {
    const imported = await import(request.url);
    const candidate = imported.default ?? imported;
    if (typeof candidate.create !== 'function') throw new Error('it exports no create() function (export default { create(context) { … } })');
    if (candidate.validate !== undefined && typeof candidate.validate !== 'function') throw new Error('its validate export is not a function');
    module = candidate;
    return { validate: typeof candidate.validate === 'function' };
  }
  if (!module) throw new Error('the module is not imported');
  return (await module.validate?.(request.properties, request.context)) ?? [];
}
let buffered = '';
let queue = Promise.resolve();
channel.setEncoding('utf8');
channel.on('data', (chunk) => {
  buffered += chunk;
  for (let end = buffered.indexOf('\\n'); end >= 0; end = buffered.indexOf('\\n')) {
    const request = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    queue = queue.then(() => answer(request).then((result) => reply({ id: request.id, ok: true, result }), (error) => reply({ id: request.id, ok: false, error: why(error) })));
  }
});
// The server went away (or ended this child): so does the module, whatever it left running.
channel.on('close', () => process.exit(0));
channel.on('error', () => process.exit(0));
`;

/** Only the parent's locale and search path: never its secrets (WOLFPACK_*, tokens, key paths). */
function bareEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...inheritedEnvironment(process.env, ['PATH', 'LANG', 'TZ']) };
}

/**
 * The arguments that start the child: through setpriv as a resource process is started
 * (the resource SDK's launchCommand, with no capabilities): no_new_privs; SIGKILL from the
 * kernel when the server dies, even by kill -9 (a validate() spinning on the child's only
 * thread never sees fd 3 close; pdeathsig follows the spawning thread, here the server's
 * main thread); with a user, its uid and gid and no supplementary groups. Without setpriv
 * a child of a non-root server still ends when fd 3 closes, unless it is busy; a root
 * server refuses to start one.
 */
function launchArguments(node: string[], user: ProcessUser | undefined): string[] {
  if (!setprivPath && !user) return node;
  const [command, args] = launchCommand(setprivPath, node[0]!, node.slice(1), user);
  return [command, ...args];
}

/**
 * The module file where the user can read it: the registry writes it 0600 in 0700
 * folders of the server's private data dir. A fresh folder per child, the server's and
 * the user's group's (0750, the file 0440), holding the bytes the server reads now: the
 * child reads what the server checked and can change none of it. Removed once imported
 * (the module is in the child's memory then), so only a server killed during an import
 * leaves one behind.
 */
function readableCopy(path: string, user: ProcessUser): string {
  const folder = mkdtempSync(join(tmpdir(), 'wolfpack-validate-'));
  try {
    const file = join(folder, basename(path));
    writeFileSync(file, readFileSync(path), { mode: 0o440 });
    chmodSync(file, 0o440);
    // -1: the owner stays the server's.
    chownSync(file, -1, user.gid);
    chownSync(folder, -1, user.gid);
    chmodSync(folder, 0o750);
    return file;
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the child for the module file at `path`: the resource user when this process is
 * root (the code never gets root's rights over the server's files and processes), else
 * this process's own uid. `copy` is the module's readable copy, when there is one, to be
 * imported instead of `path` and removed once imported.
 */
export function spawnModuleChild(path: string, maxHeapMb: number): { child: ChildProcess; copy: string | undefined } {
  const node = [process.execPath, `--max-old-space-size=${maxHeapMb}`, '--input-type=module', '-e', childProgram];
  const user = resourceUserOfNode();
  const [file, ...args] = launchArguments(node, user);
  const copy = user ? readableCopy(path, user) : undefined;
  try {
    const child = spawn(file!, args, {
      // As another user: a folder that stays, and in which it can write nothing.
      cwd: user ? '/' : dirname(path),
      env: bareEnvironment(),
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    return { child, copy };
  } catch (error) {
    if (copy) rmSync(dirname(copy), { recursive: true, force: true });
    throw error;
  }
}
