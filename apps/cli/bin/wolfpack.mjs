#!/usr/bin/env node
// The `wolfpack` command. Node 20 cannot run the TypeScript sources, so this runs the
// esbuild bundle in ../dist (split into chunks: socket.io and each command family load
// only when used), rebuilding it first when it is missing or older than a source, so a
// fresh `npm install` then `npx wolfpack status` works. --version is answered before
// anything else is loaded.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(cli, 'dist', 'main.mjs');
// The workspaces the bundle inlines, found by name: the folder of each one's entry (its src).
const sourcesOf = (name) => dirname(createRequire(import.meta.url).resolve(name));
const sources = [
  join(cli, 'src'),
  join(cli, 'package.json'),
  sourcesOf('@wolfpack/client'),
  sourcesOf('@wolfpack/contracts'),
];

/** Builds the bundle when it is missing or stale; false when there is none to run. */
async function ensureBundle() {
  // The staleness rule of the other builds (panels, console): a few dozen stats.
  const { isStale } = await import('@wolfpack/admin-sdk/build-freshness');
  if (!isStale(entry, sources)) return true;
  try {
    const { buildWorkspace } = await import('@wolfpack/scripts/build');
    await buildWorkspace(cli);
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    // A source caught half-edited should not stop the command a developer needs right now.
    if (!existsSync(entry)) {
      process.stderr.write(
        `cannot build the wolfpack CLI bundle (${reason}); run \`npm install\` at the repository root\n`,
      );
      return false;
    }
    process.stderr.write(`wolfpack: rebuilding the CLI failed (${reason}); running the previous build\n`);
  }
  return true;
}

/** The exit code. */
async function main() {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')).version}\n`);
    return 0;
  }
  if (!(await ensureBundle())) return 1;
  const { run } = await import(entry);
  return run(process.argv);
}

// exitCode, not process.exit(): exit() ends the process with output still queued for a
// pipe that is asynchronous (Windows, some others), cutting `wolfpack … | less` short.
// So nothing may keep the process alive after a command: each closes its live feed and
// clears its timers (a command that did not would hang in apps/cli/test, whose every run
// must end by itself).
process.exitCode = await main();
