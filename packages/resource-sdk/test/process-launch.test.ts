import { afterEach, describe, expect, it } from 'vitest';
import { startSupervisedProcess } from '../src/index.ts';
import { childEnvironment, inheritedEnvironment, launchCommand, missingSetprivRefusal } from '../src/process-launch.ts';
import {
  dynamicId,
  dynamicIdRange,
  lookUpUser,
  perGroupGid,
  resourceIdsSetting,
  resourceProcessUser,
  runAsResource,
} from '../src/resource-user.ts';

// What a resource process inherits from its node, and the restrictions it starts under.

const planted = [
  'WOLFPACK_ADMIN_PASSWORD',
  'WOLFPACK_ETCD_KEY',
  'WOLFPACK_ETCD_CERT',
  'SOME_SERVICE_SECRET',
  'WOLFPACK_RESOURCE_USER',
  'WOLFPACK_RESOURCE_IDS',
];
afterEach(() => {
  for (const name of planted) delete process.env[name];
});

/** The lines a real supervised child prints. */
async function childPrints(script: string, env?: Record<string, string>, capabilities?: string[]): Promise<string[]> {
  const lines: string[] = [];
  const child = startSupervisedProcess({
    command: process.execPath,
    args: ['-e', script],
    ...(env ? { env } : {}),
    ...(capabilities ? { capabilities } : {}),
    log: (line) => lines.push(line),
    onExit: () => {},
  });
  await child.exited;
  await new Promise((resolve) => setTimeout(resolve, 50)); // the pipe may drain just after exit
  return lines;
}

describe("a resource process's environment", () => {
  it("holds PATH, LANG, TZ, HOME and WOLFPACK_DATA_DIR of the node, the type's env, and nothing else the node has", async () => {
    process.env.WOLFPACK_ADMIN_PASSWORD = 'the-admins-password';
    process.env.WOLFPACK_ETCD_KEY = '/etc/wolfpack/etcd-client.key';
    process.env.WOLFPACK_ETCD_CERT = '/etc/wolfpack/etcd-client.crt';
    process.env.SOME_SERVICE_SECRET = 'anything else the node was started with';
    const [names = ''] = await childPrints('console.log(Object.keys(process.env).sort().join(","))', {
      GREETING: 'hello',
    });
    const expected = [
      'GREETING',
      ...['PATH', 'LANG', 'TZ', 'HOME', 'WOLFPACK_DATA_DIR'].filter((name) => process.env[name] !== undefined),
    ].sort();
    expect(names.split(',')).toEqual(expected);
  });

  it('is built from an allow list: an unknown variable of the node never passes', () => {
    const env = childEnvironment(
      { PATH: '/usr/bin', HOME: '/root', WOLFPACK_ETCD_PREFIX: 'x', NODE_OPTIONS: '--inspect' },
      { env: { A: '1' }, clusterApi: { url: 'http://a:1', token: 'wpr_own' } },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      WOLFPACK_URL: 'http://a:1',
      WOLFPACK_TOKEN: 'wpr_own',
      A: '1',
    });
  });
});

// The resource host runs resource type code (registered modules, OCF agents): it gets
// the node's environment without the node's secrets.
describe("the resource host's environment", () => {
  it("leaves out the admin password, etcd credentials and key paths, TLS files and the node's own cluster API token", () => {
    const node = {
      PATH: '/usr/bin',
      HOME: '/root',
      WOLFPACK_DATA_DIR: '/var/lib/wolfpack',
      WOLFPACK_LEASE_TTL_MS: '1000',
      WOLFPACK_ADMIN_PASSWORD: 'secret',
      WOLFPACK_ETCD: 'https://10.0.0.1:2379',
      WOLFPACK_ETCD_KEY: '/etc/wolfpack/client.key',
      WOLFPACK_ETCD_CERT: '/etc/wolfpack/client.crt',
      WOLFPACK_ETCD_CA: '/etc/wolfpack/ca.crt',
      WOLFPACK_ETCD_PREFIX: 'prod/',
      WOLFPACK_TLS_KEY: '/etc/wolfpack/server.key',
      WOLFPACK_TOKEN: 'wpk_admins',
      WOLFPACK_URL: 'http://admin.example:8080',
    };
    expect(inheritedEnvironment(node)).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      WOLFPACK_DATA_DIR: '/var/lib/wolfpack',
      WOLFPACK_LEASE_TTL_MS: '1000',
    });
  });
});

describe('the restrictions a resource process starts under', () => {
  it('runs with no_new_privs: no setuid binary can raise it', async () => {
    const [line] = await childPrints(
      'console.log(/^NoNewPrivs:.*$/m.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"))[0])',
    );
    expect(line).toMatch(/^NoNewPrivs:\s+1$/);
  });

  it('is refused without setpriv, saying why, rather than started unbound to its node', () => {
    expect(() => launchCommand(undefined, '/bin/sleep', ['1'])).toThrow(missingSetprivRefusal);
    expect(missingSetprivRefusal).toMatch(/setpriv .*util-linux.*missing/);
    expect(launchCommand('/usr/bin/setpriv', '/bin/sleep', ['1'])).toEqual([
      '/usr/bin/setpriv',
      ['--no-new-privs', '--pdeathsig', 'KILL', '--', '/bin/sleep', '1'],
    ]);
  });

  it('started by a resource host of a root node, runs as its resource user with the declared capability and no other', async () => {
    // What the agent puts in its host's environment; honoured only when this process is root.
    process.env.WOLFPACK_RESOURCE_USER = 'nobody';
    const root = process.getuid?.() === 0;
    const [uids = '', effective = '', bounding = '', home = ''] = await childPrints(
      'const s = require("node:fs").readFileSync("/proc/self/status", "utf8").split("\\n"); for (const k of ["Uid", "CapEff", "CapBnd"]) console.log(s.find((l) => l.startsWith(k + ":")).slice(k.length + 1).trim()); console.log(process.env.HOME)',
      undefined,
      ['CAP_NET_BIND_SERVICE'],
    );
    const ownUid = String(process.getuid?.());
    expect(uids.split(/\s+/)).toEqual(Array(4).fill(root ? '65534' : ownUid));
    // CAP_NET_BIND_SERVICE is bit 10; a node that is not root has no capability to hand on.
    if (root) {
      expect([effective, bounding]).toEqual(['0000000000000400', '0000000000000400']);
      expect(home).toBe('/nonexistent');
    } else expect(effective).toBe('0000000000000000');
  });

  it('as the resource user, keeps only the capabilities the type declares', () => {
    const user = lookUpUser(
      'nobody',
      'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
    );
    expect(user).toEqual({ name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent' });
    const [, args] = launchCommand('/usr/bin/setpriv', '/bin/sleep', ['1'], user, ['CAP_NET_BIND_SERVICE']);
    expect(args.slice(0, args.indexOf('--'))).toEqual([
      '--no-new-privs',
      '--pdeathsig',
      'KILL',
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--inh-caps=-all,+net_bind_service',
      '--ambient-caps=-all,+net_bind_service',
      '--bounding-set=-all,+net_bind_service',
    ]);
    expect(() => lookUpUser('no-such-user-wolfpack', '')).toThrow(
      /WOLFPACK_RESOURCE_USER "no-such-user-wolfpack" is neither a user of this host/,
    );
    expect(lookUpUser('1234:99', '')).toEqual({ name: '1234:99', uid: 1234, gid: 99, home: '/' });
    // Root is refused by name and by number: its files would still be the processes' own.
    const passwd = 'root:x:0:0:root:/root:/bin/bash\n';
    for (const spec of ['root', '0', '1234:0'])
      expect(() => lookUpUser(spec, passwd)).toThrow(/is root .*must run as an unprivileged user/);
  });

  it("with per-resource ids, runs each resource's processes as its own uid and its group's gid, HOME its state folder", async () => {
    // What a root node's agent puts in its host's environment by default.
    process.env.WOLFPACK_RESOURCE_USER = 'nobody';
    process.env.WOLFPACK_RESOURCE_IDS = 'per-resource';
    const root = process.getuid?.() === 0;
    const script =
      'const s = require("node:fs").readFileSync("/proc/self/status", "utf8").split("\\n"); for (const k of ["Uid", "Gid", "Groups"]) console.log(s.find((l) => l.startsWith(k + ":")).slice(k.length + 1).trim()); console.log(process.env.HOME)';
    const web = { resource: 'Web App', group: 'WEB_GROUP', stateDir: '/var/lib/wolfpack/nodes/A/resources/Web App' };
    const worker = { resource: 'Worker', group: 'WEB_GROUP', stateDir: '/var/lib/wolfpack/nodes/A/resources/Worker' };
    const [webIds, workerIds] = await Promise.all([
      runAsResource(web, () => childPrints(script)),
      runAsResource(worker, () => childPrints(script)),
    ]);
    if (!root) return expect(webIds?.[0]?.split(/\s+/)).toEqual(Array(4).fill(String(process.getuid?.())));
    const uid = dynamicId('resource:Web App');
    expect(webIds).toEqual([
      Array(4).fill(uid).join('\t'),
      Array(4).fill(perGroupGid('WEB_GROUP')).join('\t'),
      '',
      web.stateDir,
    ]);
    expect(workerIds?.[0]).toBe(Array(4).fill(dynamicId('resource:Worker')).join('\t'));
    expect(workerIds?.[1]).toBe(webIds?.[1]); // one group, one gid: its Disk folder's
    expect(dynamicId('resource:Worker')).not.toBe(uid);
    // Outside a resource's call (nothing to tell whose it is), the named user.
    expect(resourceProcessUser()?.uid).toBe(65534);
  });

  it("derives ids in systemd's dynamic range, the same for a name everywhere; WOLFPACK_RESOURCE_USER set means one named user", () => {
    const ids = ['Chat Server', 'Chat Disk', 'Identity App', 'Neighbour App', 'é'].map((name) =>
      dynamicId(`resource:${name}`),
    );
    for (const id of ids) expect(id >= dynamicIdRange.first && id <= dynamicIdRange.last).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dynamicId('resource:Chat Server')).toBe(dynamicId('resource:Chat Server'));
    expect(resourceIdsSetting({}, 0)).toBe('per-resource');
    expect(resourceIdsSetting({ WOLFPACK_RESOURCE_USER: 'wolfpack' }, 0)).toBe('shared');
    expect(resourceIdsSetting({}, 1000)).toBeUndefined();
    const identity = { resource: 'Web App', group: 'WEB_GROUP', stateDir: '/s' };
    expect(
      resourceProcessUser({ WOLFPACK_RESOURCE_USER: '1234:99', WOLFPACK_RESOURCE_IDS: 'shared' }, 0, identity),
    ).toEqual({ name: '1234:99', uid: 1234, gid: 99, home: '/' });
    expect(
      resourceProcessUser({ WOLFPACK_RESOURCE_USER: '1234:99', WOLFPACK_RESOURCE_IDS: 'per-resource' }, 0, identity)
        ?.uid,
    ).toBe(dynamicId('resource:Web App'));
  });
});
