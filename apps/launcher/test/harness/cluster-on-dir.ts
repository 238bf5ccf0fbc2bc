import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';

/*
 * The launcher on a data dir the test keeps: stop() leaves the store (and the disks) in
 * place, so the next start on the same dir is a cluster restarted by its administrator.
 */

export type ClusterOnDir = EmbeddedCluster;

/** A fresh data dir for startClusterOn; remove it with removeDataDir when done. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'wolfpack-kept-'));
}

/** Deletes a data dir made by newDataDir. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Starts `npm start`'s launcher on `dataDir`: seeds it if empty, reuses its configuration
 * otherwise (the seed's address and ports then come from the store, not from here).
 */
export function startClusterOn(dataDir: string, env: Record<string, string> = {}): Promise<ClusterOnDir> {
  return startEmbeddedCluster(env, { dataDir, keepDataDir: true });
}
