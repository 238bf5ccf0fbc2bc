import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResourceTypeRecord } from '@wolfpack/contracts';

/*
 * A registered type's engine module as a file a process can import: named by its
 * content hash (<moduleDir>/<name>/<version>-<sha256>/engine.mjs), so a name and version
 * registered again with other bytes is another file and another import URL — neither a
 * file left on disk nor Node's module cache can bring the old bytes back — and checked
 * against the hash before every import.
 */

export const sha256Of = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The folder of one registered type's module files: one sub-folder per version and hash. */
export const typeFolderOf = (moduleDir: string, name: string): string => join(moduleDir, encodeURIComponent(name));

/** Where the engine module with this hash is written. */
export function engineFileOf(moduleDir: string, name: string, version: string, sha256: string): string {
  return join(typeFolderOf(moduleDir, name), `${encodeURIComponent(version)}-${sha256}`, 'engine.mjs');
}

/** True when the file is there and its bytes have the hash. */
export function holdsModule(path: string, sha256: string): boolean {
  return existsSync(path) && sha256Of(readFileSync(path, 'utf8')) === sha256;
}

/** Writes the module text whole (a reader never sees half a file). */
export function writeModuleFile(path: string, text: string): void {
  // Private like every file of the cluster: 0700 folders, 0600 files, whatever the umask.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/**
 * Removes the module files of types no longer registered, and of versions or bytes a
 * registration replaced. Processes that imported one keep running it from memory.
 */
export function pruneModuleFiles(moduleDir: string, registered: ReadonlyMap<string, ResourceTypeRecord>): string[] {
  if (!existsSync(moduleDir)) return [];
  const removed: string[] = [];
  for (const folder of readdirSync(moduleDir)) {
    let name: string;
    try {
      name = decodeURIComponent(folder);
    } catch {
      continue;
    }
    const record = registered.get(name);
    const typeFolder = join(moduleDir, folder);
    if (!record) {
      rmSync(typeFolder, { recursive: true, force: true });
      removed.push(typeFolder);
      continue;
    }
    // A record without hashes (written before they were kept): keep its version's files.
    const keep = record.sha256 ? `${encodeURIComponent(record.version)}-${record.sha256.engine}` : undefined;
    const versionPrefix = `${encodeURIComponent(record.version)}-`;
    for (const entry of readdirSync(typeFolder)) {
      if (keep ? entry === keep : entry.startsWith(versionPrefix)) continue;
      rmSync(join(typeFolder, entry), { recursive: true, force: true });
      removed.push(join(typeFolder, entry));
    }
  }
  return removed;
}
