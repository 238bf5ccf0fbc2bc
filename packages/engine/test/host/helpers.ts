import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PublishedRecord } from '@wolfpack/contracts';
import {
  ResourceHost,
  type FencedReport,
  type HostExitInfo,
  type HostedResourceContext,
} from '../../src/host/index.ts';
import { isLiveProcess } from '@wolfpack/resource-sdk/process-table';
import { buildAll, bundleForNode } from '@wolfpack/testing/build';

const here = dirname(fileURLToPath(import.meta.url));
const engineDir = join(here, '..', '..');

/** The bundled host process, as scripts/build.mjs writes it. */
export const hostScript = join(engineDir, 'dist', 'resource-host.mjs');

/** Absolute path of a fixture resource type module (or script) in ./fixtures. */
export function fixture(name: string): string {
  return join(here, 'fixtures', name);
}

/**
 * Builds the host bundle with the repository's build script. Other workspaces' bundles
 * may be half-written while people work, so if the full build fails, the host entry is
 * built alone with the same tool.
 */
export async function buildHostBundle(): Promise<void> {
  try {
    await buildAll({ quiet: true });
    if (existsSync(hostScript)) return;
  } catch {
    // fall through to the host alone
  }
  await bundleForNode(join(engineDir, 'src', 'host', 'main.ts'), hostScript);
}

/** What a host reported to the agent's callbacks, in order. */
export interface HostReports {
  failures: { resource: string; reason: string }[];
  published: { resource: string; records: PublishedRecord[] }[];
  fenced: FencedReport[];
  exits: HostExitInfo[];
  logs: string[];
}

/** Starts a host from the bundle, recording every callback. */
export async function startHost(name = 'test-host'): Promise<{ host: ResourceHost; reports: HostReports }> {
  const reports: HostReports = { failures: [], published: [], fenced: [], exits: [], logs: [] };
  const host = await ResourceHost.start({
    hostScript,
    name,
    log: (line) => reports.logs.push(line),
    onFailure: (resource, reason) => reports.failures.push({ resource, reason }),
    onPublish: (resource, records) => reports.published.push({ resource, records }),
    onFenced: (report) => reports.fenced.push(report),
    onExit: (info) => reports.exits.push(info),
  });
  return { host, reports };
}

/** A context for a fixture resource, with fresh temp folders. */
export function contextFor(resource: string, properties: Record<string, unknown> = {}): HostedResourceContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'wolfpack-host-'));
  return {
    cluster: 'INS_CLUS',
    node: 'OSDB_SERV',
    group: 'SOCKET_GROUP',
    resource,
    type: 'Fixture',
    epoch: 7,
    properties,
    providers: [],
    stateDir,
    dataDir: stateDir,
  };
}

/** True while `pid` is a live process (a zombie counts as gone: it only awaits its parent's wait()). */
export const isRunning = isLiveProcess;

/** Polls `condition` every 20 ms until it holds; resolves with the time taken, rejects after `withinMs`. */
export async function waitFor(what: string, condition: () => boolean, withinMs = 5_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}
