import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processGroupMembers } from '@wolfpack/resource-sdk/process-table';
import { clusterProcesses, commandLineOf, npmStartProcessKind, waitForNoProcesses } from '@wolfpack/testing/processes';
import { freeTcpPort } from '@wolfpack/testing/ports';
import { repositoryRoot } from '@wolfpack/testing/repository';

// `npm start` as the README runs it, in a process group of its own as a terminal would:
// the setup's build tooling (esbuild's service, Vite) ends with the setup, the process that
// ran it becomes the launcher, and Ctrl-C (SIGINT to the whole group) stops everything.

/** The command lines of a process group's processes. */
function groupCommands(group: number): string[] {
  // A process that ended while we looked reads as '': left out.
  return processGroupMembers(group)
    .map(commandLineOf)
    .filter((command) => command !== '');
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wolfpack-npm-start-'));
  const output: string[] = [];
  let npm: ReturnType<typeof spawn>;
  let port: number;

  beforeAll(async () => {
    port = await freeTcpPort();
    const { WOLFPACK_ADMIN_PASSWORD: _chosen, ...environment } = process.env;
    npm = spawn('npm', ['start'], {
      cwd: repositoryRoot,
      // A session and process group of its own, as a terminal gives it: Ctrl-C is SIGINT to the group.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...environment,
        WOLFPACK_DATA_DIR: dataDir,
        PORT: String(port),
        WOLFPACK_SEED_ADDRESS: `127.0.0.${200 + Math.floor(Math.random() * 50)}`,
        WOLFPACK_SEED_PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
        WOLFPACK_DNS_PORT: String(40_000 + Math.floor(Math.random() * 20_000)),
        WOLFPACK_NODE_RESTART_MS: '0',
      },
    });
    const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
    npm.stdout?.on('data', collect);
    npm.stderr?.on('data', collect);
    // The setup may rebuild bundles and the console first.
    const until = Date.now() + 180_000;
    while (!output.some((line) => /group SOCKET_GROUP is Online/.test(line))) {
      if (npm.exitCode !== null || Date.now() > until)
        throw new Error(`npm start did not bring SOCKET_GROUP Online:\n${output.slice(-40).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 200_000);

  afterAll(() => {
    // Only when a test failed before Ctrl-C stopped it: the group and whatever left it.
    const kill = (pid: number) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    if (npm?.pid) kill(-npm.pid);
    for (const { pid } of clusterProcesses(dataDir)) kill(pid);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the console's address and the admin password it generated", () => {
    expect(output).toContain(
      `Console: http://127.0.0.1:${port}/   API docs: /api/v1/docs   Shell: npx wolfpack login --url http://127.0.0.1:${port}`,
    );
    expect(output.some((line) => /^Created user admin with password \S+ \(shown this once/.test(line))).toBe(true);
  });

  it('keeps no build tooling running: npm, its shell, the launcher, the server and the two node agents', () => {
    const commands = groupCommands(npm.pid!);
    expect(commands.filter((command) => /esbuild|vite/.test(command))).toEqual([]);
    const cluster = commands.map(npmStartProcessKind);
    expect(cluster.sort()).toEqual(
      [
        'node scripts/start.mjs (the launcher)',
        'npm',
        "npm's shell",
        'server',
        'wolfpackd OSDB_BACK',
        'wolfpackd OSDB_SERV',
      ].sort(),
    );
  });

  it('stops everything on Ctrl-C (SIGINT to its process group), leaving no process behind', async () => {
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    process.kill(-npm.pid!, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000)),
    ]);
    expect(code).not.toBe('running');
    expect(output).toContain('SIGINT: stopping the cluster');
    expect((await waitForNoProcesses(dataDir, 10_000)).map((left) => `${left.pid} ${left.command}`)).toEqual([]);
    expect(groupCommands(npm.pid!)).toEqual([]);
  }, 60_000);
});
