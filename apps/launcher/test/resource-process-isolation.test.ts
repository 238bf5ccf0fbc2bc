import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dynamicId, perGroupGid } from '@wolfpack/resource-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '@wolfpack/testing/build';
import { startEmbeddedCluster, type EmbeddedCluster } from '@wolfpack/testing/embedded-cluster';
import { waitUntil } from '@wolfpack/testing/conditions';
import { runningOn, waitForNodesUp } from './harness/applications.ts';

// What a program an administrator adds to the cluster finds about the node running it:
// its own settings, never the node's secrets (the admin password npm start was given,
// an admin's exported token), and, the node being root, an unprivileged uid of its own
// resource's (none of another resource's processes can read its environment or signal
// it), with no capabilities and no way to gain any.

const plantedPassword = 'planted-admin-password-7f3c';
const plantedToken = 'wpk_0000000000000000_an-admins-exported-token';

/** Variables a resource process may have: the allow list, what Generic Application sets, what sh adds. */
const allowed = new Set([
  'PATH',
  'LANG',
  'TZ',
  'HOME',
  'WOLFPACK_DATA_DIR',
  'WOLFPACK_URL',
  'WOLFPACK_TOKEN',
  'WOLFPACK_CLUSTER',
  'WOLFPACK_NODE',
  'WOLFPACK_GROUP',
  'WOLFPACK_RESOURCE',
  'WOLFPACK_EPOCH',
  'GREETING',
  'PWD',
  'SHLVL',
  '_',
  'OLDPWD',
]);

describe('a resource process on a node started with secrets in its environment', () => {
  const group = 'IDENTITY_GROUP';
  const app = 'Identity App';
  let cluster: EmbeddedCluster;

  beforeAll(async () => {
    await buildOnce();
    cluster = await startEmbeddedCluster({
      WOLFPACK_ADMIN_PASSWORD: plantedPassword,
      WOLFPACK_TOKEN: plantedToken,
      WOLFPACK_URL: 'http://admin.example:8080',
      SOME_SERVICE_SECRET: 'not for resources',
    });
    await waitForNodesUp(cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  let identityPid = 0;

  it('a Generic Application running `id -u; env` runs as its own uid, sees none of them, and has no capability and no_new_privs', async () => {
    await cluster.command({ type: 'create-group', name: group, policy: { preferredOwners: ['OSDB_SERV'] } });
    // Written in its start folder (its resource's state folder), then it stays up.
    const CommandLine = `sh -c '{ id -u; env; } > identity.tmp && mv identity.tmp identity.txt; exec sleep 1000'`;
    await cluster.command({
      type: 'create-resource',
      name: app,
      group,
      resourceType: 'Generic Application',
      private: { CommandLine, Environment: { GREETING: 'hello' } },
    });
    await cluster.command({ type: 'bring-group-online', name: group });
    const pid = await runningOn(cluster, group, app, 'OSDB_SERV');

    const file = join(cluster.dataDir, 'nodes', 'OSDB_SERV', 'resources', app, 'identity.txt');
    const [uid = '', ...environment] = await waitUntil(
      'the program wrote identity.txt',
      async () => existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean),
    );
    // The test runs as root, so its nodes do: the program runs as its resource's own uid (WOLFPACK_RESOURCE_USER unset).
    expect(process.getuid?.()).toBe(0);
    const ownUid = dynamicId(`resource:${app}`);
    expect(uid).toBe(String(ownUid));
    identityPid = pid;
    const names = environment.map((line) => line.slice(0, line.indexOf('=')));
    expect(names.filter((name) => !allowed.has(name))).toEqual([]);
    expect(names.filter((name) => /^WOLFPACK_(ADMIN_PASSWORD|ETCD)/.test(name))).toEqual([]);
    const text = environment.join('\n');
    expect(text).not.toContain(plantedPassword);
    expect(text).not.toContain(plantedToken);
    expect(text).not.toContain('admin.example');
    // What the type sets does arrive, and the resource's own token replaces the admin's.
    expect(environment).toContain('GREETING=hello');
    expect(environment).toContain(`WOLFPACK_RESOURCE=${app}`);
    expect(environment.find((line) => line.startsWith('WOLFPACK_TOKEN='))).toMatch(/^WOLFPACK_TOKEN=wpr_/);

    expect(environment).toContain(`HOME=${join(cluster.dataDir, 'nodes', 'OSDB_SERV', 'resources', app)}`);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(/^NoNewPrivs:\s*(\d)/m.exec(status)?.[1]).toBe('1');
    expect(/^Uid:\s*(.*)$/m.exec(status)?.[1]?.split(/\s+/)).toEqual(Array(4).fill(String(ownUid)));
    expect(/^Gid:\s*(.*)$/m.exec(status)?.[1]?.split(/\s+/)).toEqual(Array(4).fill(String(perGroupGid(group))));
    // Generic Application declares no capability: the program has none, not even in its bounding set.
    for (const set of ['CapPrm', 'CapEff', 'CapBnd', 'CapAmb'])
      expect(new RegExp(`^${set}:\\s*(\\w+)`, 'm').exec(status)?.[1]).toBe('0000000000000000');
  });

  it('another Generic Application on the node, in the same group, cannot read its environment (EACCES) or signal it (EPERM)', async () => {
    expect(identityPid).toBeGreaterThan(0);
    const neighbour = 'Neighbour App';
    const CommandLine = `sh -c '{ id -u; cat /proc/$TARGET/environ > /dev/null; kill -TERM $TARGET; echo done; } > probe.tmp 2>&1; mv probe.tmp probe.txt; exec sleep 1000'`;
    await cluster.command({
      type: 'create-resource',
      name: neighbour,
      group,
      resourceType: 'Generic Application',
      private: { CommandLine, Environment: { TARGET: String(identityPid) } },
    });
    await cluster.command({ type: 'bring-resource-online', name: neighbour });
    const file = join(cluster.dataDir, 'nodes', 'OSDB_SERV', 'resources', neighbour, 'probe.txt');
    const lines = await waitUntil(
      'the neighbour wrote probe.txt',
      async () => existsSync(file) && readFileSync(file, 'utf8').split('\n').filter(Boolean),
    );
    expect(lines[0]).toBe(String(dynamicId(`resource:${neighbour}`)));
    expect(lines[0]).not.toBe(String(dynamicId(`resource:${app}`)));
    expect(lines[1]).toMatch(/environ: Permission denied/);
    expect(lines[2]).toMatch(/Operation not permitted/);
    expect(lines.at(-1)).toBe('done');
    // Still running, untouched.
    expect(readFileSync(`/proc/${identityPid}/status`, 'utf8')).toMatch(/^State:\s+S/m);
  });
});
