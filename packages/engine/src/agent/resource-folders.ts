import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import type { ProcessUser } from '@wolfpack/resource-sdk';
import type { ResourceTypeCatalog } from '../catalog/catalog.ts';

/*
 * A resource's state folder, <dataDir>/nodes/<node>/resources/<name>. When the node runs
 * as root its resource processes run as the resource user, who must reach that folder
 * and nothing else of the data dir: the folders on the way are 0711 (passable, not
 * listable, nothing in them readable: files are 0600), the folder itself is theirs, 0700.
 */

/** True when `folder` is `root` or inside it. */
function within(root: string, folder: string): boolean {
  const path = relative(root, folder);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Creates the state folder (0700) and, for a resource user, hands it over and opens the way to it. */
export function prepareStateFolder(stateDir: string, dataDir: string, user: ProcessUser | undefined): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  if (!user) return;
  for (let folder = dirname(stateDir); within(dataDir, folder); folder = dirname(folder)) {
    chmodSync(folder, 0o711);
    if (folder === dirname(folder)) break;
  }
  chownSync(stateDir, user.uid, user.gid);
}

/**
 * The first folder above the data dir the resource user cannot pass (no x for others, not
 * theirs), or undefined: with one, every resource process fails with EACCES, so the node
 * says so at start.
 */
export function impassableAbove(dataDir: string, user: ProcessUser): string | undefined {
  for (let folder = dirname(dataDir); ; folder = dirname(folder)) {
    const stat = statSync(folder);
    const passes =
      stat.uid === user.uid
        ? (stat.mode & 0o100) !== 0
        : stat.gid === user.gid
          ? (stat.mode & 0o010) !== 0
          : (stat.mode & 0o001) !== 0;
    if (!passes) return folder;
    if (folder === dirname(folder)) return undefined;
  }
}

/** A type unregistered or replaced: its module files go (running hosts keep theirs in memory). */
export function pruneTypeModules(catalog: ResourceTypeCatalog, log: (message: string) => void): void {
  try {
    for (const path of catalog.prune?.() ?? []) log(`removed resource type module files ${path}`);
  } catch (error) {
    log(`removing resource type module files failed: ${(error as Error).message}`);
  }
}
