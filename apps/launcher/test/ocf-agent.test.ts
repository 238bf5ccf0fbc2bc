import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type WolfpackClient } from '@wolfpack/client';
import { groupOwner, groupState, readEvents, resourceState } from '@wolfpack/engine';
import { readProcessStat } from '@wolfpack/resource-sdk/process-table';
import { describeWhen } from '@wolfpack/test-requirements';
import { rscTmpFor } from '@wolfpack/type-ocf-agent';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { waitUntil } from '@wolfpack/testing/conditions';
import { leftoverProcesses, waitForNodesUp } from './harness/applications.ts';

/*
 * Pacemaker's OCF resource agents, unchanged, on the embedded cluster (`npm start`):
 * `wolfpack type ocf-import heartbeat:Dummy` registers a type from the agent's meta-data,
 * a Dummy resource comes online, its removed state file is a failure the monitor finds
 * and the cluster restarts it, and the group moves to the other node. heartbeat:anything
 * runs a command through the built-in "OCF Resource Agent" type. Bad agents are refused
 * at import, naming their path, and nothing is registered.
 */

const adminPassword = 'ocf-test-admin-password';
const cliBin = createRequire(import.meta.url).resolve('@wolfpack/cli/bin');

describeWhen('ocf', 'OCF resource agents on the embedded cluster', () => {
  let cluster: EmbeddedCluster;
  let admin: WolfpackClient;
  let url = '';
  let token = '';
  const home = mkdtempSync(join(tmpdir(), 'wolfpack-ocf-home-'));

  /** `wolfpack …args` as an administrator runs it, to its end. */
  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = { ...process.env, HOME: home, NO_COLOR: '1', WOLFPACK_URL: url, WOLFPACK_TOKEN: token };
    const child = spawn(process.execPath, [cliBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster({ WOLFPACK_ADMIN_PASSWORD: adminPassword });
    await waitForNodesUp(cluster);
    url = await waitUntil("the server's Console: line", async () =>
      cluster.output.map((line) => /Console: (https?:\/\/\S+?)\/?(\s|$)/.exec(line)?.[1]).find(Boolean),
    );
    admin = await connect({ url, username: 'admin', password: adminPassword });
    token = (await admin.tokens.create({ name: 'ocf tests' })).token;
  }, 120_000);

  afterAll(async () => {
    const dataDir = cluster?.dataDir;
    await cluster?.stop();
    rmSync(home, { recursive: true, force: true });
    if (dataDir) expect(await leftoverProcesses(dataDir)).toEqual([]);
  });

  /** Where Dummy keeps its state on a node: HA_RSCTMP for the resource (a name with a space gets a folder under .ocf). */
  const stateFileOf = (node: string, resource: string, instance: string) =>
    join(rscTmpFor(join(cluster.dataDir, 'nodes', node, 'resources', resource), resource), `Dummy-${instance}.state`);

  it("imports heartbeat:Dummy: a type whose properties are the agent's parameters, with their defaults and descriptions", async () => {
    const imported = await cli('type', 'ocf-import', 'heartbeat:Dummy');
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^Registered resource type OCF heartbeat Dummy 1\.0\.0: OCF agent heartbeat:Dummy, unchanged, with a property for each of its \d+ parameters/,
    );
    expect(imported.stdout).toMatch(/fake +string +"dummy" +Fake attribute that can be changed to cause a reload/);
    const type = await admin.resourceTypes.get('OCF heartbeat Dummy');
    expect(type.builtIn).toBe(false);
    expect((type.propertySchema as { properties: unknown }).properties).toMatchObject({
      state: {
        type: 'string',
        default: '/run/resource-agents/Dummy-RESOURCE_ID.state',
        description: 'State file. Location to store the resource state in.',
      },
      fake: { type: 'string', default: 'dummy' },
    });
  });

  it("runs a Dummy resource of the imported type on the group's owner, its state in that node's HA_RSCTMP for the resource", async () => {
    await admin.groups.create({ name: 'DUMMY_GROUP', policy: { preferredOwners: ['OSDB_SERV', 'OSDB_BACK'] } });
    await admin.resources.create({
      name: 'Web Dummy',
      group: 'DUMMY_GROUP',
      resourceType: 'OCF heartbeat Dummy',
      private: {},
    });
    await admin.groups.online('DUMMY_GROUP');
    await cluster.waitFor(
      'Web Dummy Online on OSDB_SERV',
      (s) => resourceState(s, 'Web Dummy') === 'Online' && s.resourceStatuses.get('Web Dummy')?.node === 'OSDB_SERV',
      60_000,
    );
    expect(existsSync(stateFileOf('OSDB_SERV', 'Web Dummy', 'Web_Dummy'))).toBe(true);
  }, 90_000);

  it("finds the removed state file with the agent's monitor (at its advertised 10 s interval) and restarts Dummy on the same node", async () => {
    const since = (await cluster.state()).revision;
    const stateFile = stateFileOf('OSDB_SERV', 'Web Dummy', 'Web_Dummy');
    const removedAt = Date.now();
    rmSync(stateFile);
    const events = await waitUntil(
      'a restart of Web Dummy and the Online after it',
      async () => {
        const found = await readEvents(cluster.store, { since, object: { kind: 'resource', name: 'Web Dummy' } });
        const restart = found.findIndex((event) => event.kind === 'restart');
        return restart >= 0 && found.slice(restart).some((event) => event.to === 'Online') && found;
      },
      // Up to the advertised interval, then IsAlive, restart: about 10 s; loose on a shared 2-core machine.
      90_000,
    );
    expect(events.find((event) => event.kind === 'restart')).toMatchObject({
      node: 'OSDB_SERV',
      from: 'Online',
      to: 'Failed',
    });
    expect(existsSync(stateFile)).toBe(true);
    const detectedMs = Date.now() - removedAt;
    expect(detectedMs).toBeGreaterThan(0);
    process.stdout.write(`[ocf] Dummy state file removed → restarted and Online again in ${detectedMs} ms\n`);
  }, 120_000);

  it('moves the group to OSDB_BACK: Dummy stops on OSDB_SERV and starts there', async () => {
    await admin.groups.move('DUMMY_GROUP', { node: 'OSDB_BACK' });
    await cluster.waitFor(
      'DUMMY_GROUP Online on OSDB_BACK',
      (s) =>
        groupOwner(s, 'DUMMY_GROUP') === 'OSDB_BACK' &&
        groupState(s, 'DUMMY_GROUP') === 'Online' &&
        s.resourceStatuses.get('Web Dummy')?.node === 'OSDB_BACK',
      60_000,
    );
    expect(existsSync(stateFileOf('OSDB_BACK', 'Web Dummy', 'Web_Dummy'))).toBe(true);
    expect(existsSync(stateFileOf('OSDB_SERV', 'Web Dummy', 'Web_Dummy'))).toBe(false);
  }, 90_000);

  it('runs a command with heartbeat:anything through the built-in OCF Resource Agent type, and stops it offline', async () => {
    const pidFile = join(cluster.dataDir, 'sleeper.pid');
    await admin.groups.create({ name: 'ANYTHING_GROUP', policy: { preferredOwners: ['OSDB_BACK'] } });
    await admin.resources.create({
      name: 'Sleeper',
      group: 'ANYTHING_GROUP',
      resourceType: 'OCF Resource Agent',
      private: {
        Agent: 'heartbeat:anything',
        Parameters: { binfile: '/bin/sleep', cmdline_options: '3600', pidfile: pidFile },
      },
    });
    await admin.groups.online('ANYTHING_GROUP');
    await cluster.waitFor(
      'Sleeper Online on OSDB_BACK',
      (s) => resourceState(s, 'Sleeper') === 'Online' && s.resourceStatuses.get('Sleeper')?.node === 'OSDB_BACK',
      60_000,
    );
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 2)).toEqual(['/bin/sleep', '3600']);
    await admin.groups.offline('ANYTHING_GROUP');
    await cluster.waitFor('Sleeper Offline', (s) => resourceState(s, 'Sleeper') === 'Offline', 60_000);
    // Gone, or a zombie nobody reaps (the agent's daemon is orphaned by design).
    const state = readProcessStat(pid)?.state ?? 'gone';
    expect(['gone', 'Z']).toContain(state);
  });

  it('refuses to import an agent that is missing, not executable, or whose meta-data is not XML, naming its path; nothing is registered', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wp-ocf-bad-'));
    mkdirSync(join(root, 'resource.d', 'test'), { recursive: true });
    const plain = join(root, 'resource.d', 'test', 'plain');
    writeFileSync(plain, '#!/bin/sh\nexit 0\n');
    chmodSync(plain, 0o644);
    const garbled = join(root, 'resource.d', 'test', 'garbled');
    writeFileSync(garbled, '#!/bin/sh\necho "<resource-agent><parameters>"\n');
    chmodSync(garbled, 0o755);
    const before = (await admin.resourceTypes.list()).map((type) => type.name);

    const missing = await cli('type', 'ocf-import', 'heartbeat:NoSuchAgent');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/usr/lib/ocf/resource.d/heartbeat/NoSuchAgent does not exist');
    const notExecutable = await cli('type', 'ocf-import', 'test:plain', '--ocf-root', root);
    expect(notExecutable.code).toBe(2);
    expect(notExecutable.stderr).toContain(`${plain} is not executable`);
    const notXml = await cli('type', 'ocf-import', 'test:garbled', '--ocf-root', root);
    expect(notXml.code).toBe(2);
    expect(notXml.stderr).toContain(`${garbled}: its meta-data is not valid XML`);
    const badName = await cli('type', 'ocf-import', 'heartbeat/Dummy');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('is not an OCF agent name PROVIDER:AGENT');

    expect((await admin.resourceTypes.list()).map((type) => type.name)).toEqual(before);
    rmSync(root, { recursive: true, force: true });
  });
});
