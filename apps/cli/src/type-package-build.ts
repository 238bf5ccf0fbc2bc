import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isStale } from '@wolfpack/admin-sdk/build-freshness';
import { usageError } from './exit-codes.ts';

/*
 * `wolfpack type register DIR` builds a stale package first, with the package's own
 * `npm run build`: whatever tool it uses, the build is stale when an entry point its
 * manifest names is missing or older than a file of src/ or manifest.json — the rule
 * of the repository's other builds (admin-sdk's build-freshness).
 */

/** How many of a failed build's last lines the error shows. */
const tailLines = 25;

/** Why the build is stale, or undefined when every entry point is newer than its sources. */
export function staleReason(root: string, entryPoints: string[]): string | undefined {
  const sources = [join(root, 'src'), join(root, 'manifest.json')];
  for (const entry of entryPoints) {
    const output = join(root, entry);
    if (!existsSync(output)) return `${entry} is missing`;
    if (isStale(output, sources)) return `${entry} is older than src/ or manifest.json`;
  }
  return undefined;
}

/** The build script of DIR/package.json, if it has one. */
function buildScriptOf(root: string): string | undefined {
  try {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }
    ).scripts;
    return typeof scripts?.build === 'string' ? scripts.build : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `npm run build` in root: its exit code and its output, stdout and stderr as they came. */
function runBuild(root: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const tailOf = (output: string): string =>
  output
    .trimEnd()
    .split('\n')
    .slice(-tailLines)
    .map((line) => `  ${line}`)
    .join('\n');

/**
 * Builds the package when its build is stale, telling `note` so; refuses (exit 2) with
 * the build's last lines when it fails, or when it leaves an entry point missing.
 * Resolves to true when it built.
 */
export async function buildIfStale(
  root: string,
  entryPoints: { engine: string; panel?: string },
  note: (line: string) => void,
): Promise<boolean> {
  const entries = [entryPoints.engine, ...(entryPoints.panel !== undefined ? [entryPoints.panel] : [])];
  const reason = staleReason(root, entries);
  if (reason === undefined) return false;
  if (buildScriptOf(root) === undefined) {
    throw usageError(
      `${root}: the build is stale (${reason}) and ${join(root, 'package.json')} has no "build" script: build the package, or pass --no-build`,
    );
  }
  note(`Building ${root} (${reason}): npm run build`);
  const started = performance.now();
  const { code, output } = await runBuild(root).catch((error: Error) => {
    throw usageError(`${root}: could not run npm run build: ${error.message}`);
  });
  if (code !== 0)
    throw usageError(
      `${root}: npm run build failed (exit ${code}); nothing was registered. Its last lines:\n${tailOf(output)}`,
    );
  const missing = entries.filter((entry) => !existsSync(join(root, entry)) || !statSync(join(root, entry)).isFile());
  if (missing.length > 0)
    throw usageError(
      `${root}: npm run build succeeded but did not write ${missing.join(', ')} (the manifest's entryPoints)`,
    );
  note(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
