import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceContext } from '@wolfpack/contracts';

/** A loopback address and high port no other test run is likely to use. */
export function uniqueEndpoint(): { address: string; port: number } {
  return {
    address: `127.0.0.${100 + Math.floor(Math.random() * 151)}`,
    port: 20000 + Math.floor(Math.random() * 40000),
  };
}

/** Writes the Disk resource's reservation file, as the Disk type does when it comes online. */
export function reserveDisk(diskPath: string, node: string, epoch: number, group = 'SOCKET_GROUP'): void {
  writeFileSync(
    join(diskPath, '.wolfpack-reservation.json'),
    `${JSON.stringify({ node, group, epoch, at: Date.now(), released: false })}\n`,
  );
}

/**
 * A hand-made ResourceContext for the seed scenario's Chat Server: providers IP Address,
 * Network Name and Disk (a temp folder reserved by this node), recording what the module
 * logs and reports.
 */
export function makeChatContext(options: { properties?: Record<string, unknown>; diskPath?: string } = {}) {
  const { address, port } = uniqueEndpoint();
  const diskPath = options.diskPath ?? mkdtempSync(join(tmpdir(), 'wp-chat-disk-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'wp-chat-state-'));
  reserveDisk(diskPath, 'OSDB_SERV', 1);
  const logs: string[] = [];
  const failures: string[] = [];
  let failureWaiters: Array<(reason: string) => void> = [];
  const context: ResourceContext = {
    cluster: 'INS_CLUS',
    node: 'OSDB_SERV',
    group: 'SOCKET_GROUP',
    resource: 'Chat',
    type: 'Chat Server',
    epoch: 1,
    properties: { Port: port, ...options.properties },
    providers: [
      { name: 'Cluster IP', type: 'IP Address', properties: { Address: address, PrefixLength: 32, Interface: 'lo' } },
      { name: 'Cluster Name', type: 'Network Name', properties: { Name: 'INS_CLUS' } },
      { name: 'Shared Disk', type: 'Disk', properties: { Path: diskPath } },
    ],
    stateDir,
    dataDir: stateDir,
    log: (message) => logs.push(message),
    reportFailure: (reason) => {
      failures.push(reason);
      for (const waiter of failureWaiters) waiter(reason);
      failureWaiters = [];
    },
    publish: () => {},
  };
  /** Resolves with the next reported failure (or the one already reported). */
  const nextFailure = (): Promise<string> =>
    failures.length > 0 ? Promise.resolve(failures.at(-1)!) : new Promise((resolve) => failureWaiters.push(resolve));
  /** The chat process's pid, from the engine's "started chat process N" log line. */
  const chatPid = (): number => {
    const line = logs.filter((entry) => entry.includes('started chat process')).at(-1);
    const match = line && /started chat process (\d+)/.exec(line);
    if (!match) throw new Error('no chat process was started');
    return Number(match[1]);
  };
  return { context, logs, failures, nextFailure, chatPid, address, port: port as number, diskPath };
}
