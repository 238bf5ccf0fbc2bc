import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, freeUdpAndTcpPort } from './ports.ts';
import { waitForNoProcesses } from './processes.ts';
import { repositoryRoot } from './repository.ts';

/*
 * `npm start` for the end-to-end tests: the launcher (apps/launcher/dist/launcher.mjs)
 * on a temporary data dir, with its own chat address, ports and a known admin password,
 * so it never meets a cluster a developer has running.
 */

/** What tests need to know about the running cluster (passed to workers as JSON). */
export interface ClusterInfo {
  dataDir: string;
  /** The console, e.g. http://127.0.0.1:41234/ (also the REST API's origin). */
  consoleUrl: string;
  chatAddress: string;
  chatPort: number;
  dnsPort: number;
  launcherPid: number;
  adminPassword: string;
}

export interface RunningCluster extends ClusterInfo {
  /** Everything the launcher and its children printed, line by line. */
  output: string[];
  /** SIGTERM the launcher, wait for every process of the cluster to end, delete the data dir. */
  stop(): Promise<void>;
}

/**
 * Ports for the chat server, the DNS responder (UDP and TCP) and the server — a fixed one
 * rather than 0, so a server the launcher restarts comes back at the same address.
 */
async function distinctPorts(): Promise<[number, number, number]> {
  const chat = await freeTcpPort();
  let dns = await freeUdpAndTcpPort();
  while (dns === chat) dns = await freeUdpAndTcpPort();
  let server = await freeTcpPort();
  while (server === chat || server === dns) server = await freeTcpPort();
  return [chat, dns, server];
}

const consoleLine = /Console: (https?:\/\/\S+)/;

/** Starts a fresh seed cluster and resolves once the server prints the console's address. */
export async function startSeedCluster({
  adminPassword,
  timeoutMs = 60_000,
}: {
  adminPassword: string;
  timeoutMs?: number;
}): Promise<RunningCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-e2e-'));
  // A loopback address of our own: 127.0.0.0/8 needs no configuration.
  const chatAddress = `127.0.${10 + Math.floor(Math.random() * 200)}.${2 + Math.floor(Math.random() * 250)}`;
  const [chatPort, dnsPort, serverPort] = await distinctPorts();
  const output: string[] = [];
  const launcher: ChildProcess = spawn(process.execPath, [join(repositoryRoot, 'apps/launcher/dist/launcher.mjs')], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      WOLFPACK_DATA_DIR: dataDir,
      WOLFPACK_SEED_ADDRESS: chatAddress,
      WOLFPACK_SEED_PORT: String(chatPort),
      WOLFPACK_DNS_PORT: String(dnsPort),
      WOLFPACK_ADMIN_PASSWORD: adminPassword,
      // Every test logs on through the page: more than the default 10 a minute.
      WOLFPACK_LOGIN_ATTEMPTS: '10000',
      PORT: String(serverPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let consoleUrl: string | undefined;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      output.push(line);
      consoleUrl ??= consoleLine.exec(line)?.[1];
    }
  };
  launcher.stdout?.on('data', collect);
  launcher.stderr?.on('data', collect);

  const exited = new Promise<void>((resolve) => launcher.once('exit', () => resolve()));
  const stop = async () => {
    if (launcher.exitCode === null && launcher.signalCode === null) {
      launcher.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000)),
      ]);
      if (!stopped) launcher.kill('SIGKILL');
    }
    // Node agents, the server and resource processes end with the launcher; check they did.
    const left = await waitForNoProcesses(dataDir, 10_000);
    for (const process of left) {
      try {
        globalThis.process.kill(process.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (left.length > 0)
      throw new Error(
        `processes of the e2e cluster were still running after it stopped:\n${left.map((p) => `${p.pid} ${p.command}`).join('\n')}`,
      );
  };

  const deadline = Date.now() + timeoutMs;
  while (consoleUrl === undefined) {
    if (launcher.exitCode !== null || launcher.signalCode !== null) {
      await stop().catch(() => undefined);
      throw new Error(`the launcher exited before the console was up:\n${output.join('\n')}`);
    }
    if (Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`no "Console:" line within ${timeoutMs} ms:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    dataDir,
    consoleUrl,
    chatAddress,
    chatPort,
    dnsPort,
    launcherPid: launcher.pid!,
    adminPassword,
    output,
    stop,
  };
}
